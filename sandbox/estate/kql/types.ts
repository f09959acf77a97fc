// Public data shapes of the KQL engine, kept apart from the implementation so every module can share them
// without import cycles.

export type KqlType = 'string' | 'datetime' | 'long' | 'real' | 'bool' | 'timespan' | 'dynamic' | 'guid' | 'int';

export interface KqlTableSource {
  /** Declared schema (column order = key order). Without it the schema is inferred from the rows. */
  columns?: Readonly<Record<string, KqlType>>;
  /** Called once per table reference per query, so it may hand out live estate state. */
  rows: () => Iterable<Readonly<Record<string, unknown>>>;
}

export interface KqlResult {
  columns: { name: string; type: KqlType }[];
  /** Engine values: datetime → Date, timespan → Timespan, dynamic → plain JSON-like value, string never null. */
  rows: unknown[][];
}

export interface KqlEnv {
  tables: Readonly<Record<string, KqlTableSource>>;
  /** now() and ago() are relative to this instant, fixed for the whole query (as in Kusto). */
  now: Date;
}

export interface Column {
  readonly name: string;
  readonly type: KqlType;
}

/** Internally rows are positional arrays: column lookups are resolved to indexes once, at compile time. */
export type Row = unknown[];
