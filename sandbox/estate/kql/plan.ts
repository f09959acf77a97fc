// The compiled form of a tabular expression: a schema plus a re-runnable row generator.
import type { Compiled } from './compiled.js';
import type { FnCtx } from './compiled.js';
import type { Column, KqlTableSource, Row } from './types.js';

export interface Plan {
  readonly columns: readonly Column[];
  /** Schema unknown (undeclared table without rows): unknown column names resolve to dynamic nulls. */
  readonly open: boolean;
  /** Fresh iteration each call, so a let-bound table can be used twice (e.g. a self-join). */
  readonly rows: () => Iterable<Row>;
}

export interface Ctx {
  readonly tables: Readonly<Record<string, KqlTableSource>>;
  readonly fn: FnCtx;
  readonly scalars: Map<string, Compiled>;
  readonly tabulars: Map<string, Plan>;
}
