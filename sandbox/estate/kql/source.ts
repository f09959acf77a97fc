// Table sources: the estate's row objects become positional rows normalised to the column types, with the
// schema taken from the declaration or inferred from the rows.
import type { Plan } from './plan.js';
import type { Column, KqlTableSource, KqlType } from './types.js';
import { coerce, inferType } from './values.js';

/** Reads a table source into positional rows, normalising each value to its column type. */
export function tablePlan(src: KqlTableSource): Plan {
  const columns: Column[] = src.columns ? Object.entries(src.columns).map(([name, type]) => ({ name, type })) : inferColumns(src);
  const names = columns.map((c) => c.name);
  const convert = columns.map((c) => converter(c.type));
  const n = columns.length;
  return {
    columns,
    open: !src.columns && n === 0,
    rows: function* () {
      for (const obj of src.rows()) {
        const row = new Array<unknown>(n);
        for (let i = 0; i < n; i++) {
          const name = names[i] as string;
          row[i] = (convert[i] as (v: unknown) => unknown)(obj && Object.hasOwn(obj, name) ? obj[name] : null);
        }
        yield row;
      }
    },
  };
}

/** Per-column value normaliser with a fast path for values already in engine form. */
function converter(type: KqlType): (v: unknown) => unknown {
  switch (type) {
    case 'string':
      return (v) => (typeof v === 'string' ? v : coerce(type, v));
    case 'datetime':
      return (v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v : coerce(type, v));
    case 'long':
    case 'int':
      return (v) => (typeof v === 'number' && Number.isInteger(v) ? v : coerce(type, v));
    case 'real':
      return (v) => (typeof v === 'number' && !Number.isNaN(v) ? v : coerce(type, v));
    case 'dynamic':
      return (v) => v ?? null;
    default:
      return (v) => coerce(type, v);
  }
}

/** Without a declared schema: every key seen, typed by its first non-null value (long widens to real). */
function inferColumns(src: KqlTableSource): Column[] {
  const found = new Map<string, KqlType | undefined>();
  for (const obj of src.rows()) {
    if (!obj) continue;
    for (const [k, v] of Object.entries(obj)) {
      const seen = found.get(k);
      const t = inferType(v);
      if (seen === undefined) found.set(k, t);
      else if (seen === 'long' && t === 'real') found.set(k, 'real');
    }
  }
  return [...found].map(([name, type]) => ({ name, type: type ?? 'dynamic' }));
}
