// Kusto's rules for naming result columns that the query did not name explicitly.
import type { Expr } from './ast.js';

/** Functions whose result column is named after their first argument (bin(TimeGenerated, 1h) → TimeGenerated). */
const NAME_THROUGH = new Set([
  'bin',
  'floor',
  'tostring',
  'todatetime',
  'totimespan',
  'toint',
  'tolong',
  'todouble',
  'toreal',
  'tobool',
  'toguid',
  'todynamic',
  'parse_json',
  'startofday',
  'startofweek',
  'startofmonth',
  'startofyear',
]);

/** properties.status → properties_status, tags['backup-tier'] → tags_backup_tier, x → x; otherwise undefined. */
export function inferName(e: Expr): string | undefined {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'member': {
      const base = inferName(e.target);
      return base === undefined ? e.name : `${base}_${e.name}`;
    }
    case 'index': {
      const base = inferName(e.target);
      if (e.index.kind === 'literal' && typeof e.index.value === 'string') {
        const key = e.index.value.replace(/[^A-Za-z0-9_]/g, '_');
        return base === undefined ? key : `${base}_${key}`;
      }
      return base;
    }
    case 'call': {
      const first = e.args[0];
      return NAME_THROUGH.has(e.name) && first ? inferName(first) : undefined;
    }
    default:
      return undefined;
  }
}

/** base, base1, base2 … — the first not already taken (Kusto's suffixing for duplicate columns). */
export function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let i = 1; ; i++) if (!taken.has(`${base}${i}`)) return `${base}${i}`;
}

/** Name for an unnamed, un-inferable expression: Column1, Column2 … */
export function columnN(taken: ReadonlySet<string>): string {
  for (let i = 1; ; i++) if (!taken.has(`Column${i}`)) return `Column${i}`;
}
