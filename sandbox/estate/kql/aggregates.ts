// Aggregation functions for summarize. Each produces one accumulator per group; only arg_max/arg_min
// produce several columns. Null inputs are ignored, as in Kusto.
import { argExtreme } from './arg-extreme.js';
import { semanticError } from './errors.js';
import type { AggPlan, CallExpr, Compiled, Scope } from './compiled.js';
import { asPredicate, compileExpr } from './evaluate.js';
import { inferName } from './naming.js';
import type { KqlType, Row } from './types.js';
import { Timespan, compareKeys, isIntegral, isNumeric, nullOf, sortKey, toDyn, toNum, toSpan, valueKey } from './values.js';

type Single = { add(row: Row): void; value(): unknown };

const single = (name: string, type: KqlType, create: () => Single): AggPlan => ({
  columns: [{ name, type }],
  create: () => {
    const s = create();
    return { add: (row) => s.add(row), values: () => [s.value()] };
  },
});

/** Guards `…if` variants: the accumulator only sees rows matching the predicate. */
const gated = (pred: ((row: Row) => boolean) | undefined, s: Single): Single =>
  pred ? { add: (row) => (pred(row) ? s.add(row) : undefined), value: () => s.value() } : s;

const ARITY: Readonly<Record<string, [number, number]>> = {
  count: [0, 0],
  countif: [1, 1],
  dcount: [1, 2],
  dcountif: [2, 3],
  sum: [1, 1],
  sumif: [2, 2],
  avg: [1, 1],
  avgif: [2, 2],
  min: [1, 1],
  max: [1, 1],
  minif: [2, 2],
  maxif: [2, 2],
  any: [1, 1],
  take_any: [1, 1],
  arg_max: [2, 64],
  arg_min: [2, 64],
  make_set: [1, 2],
  make_list: [1, 2],
  make_set_if: [2, 3],
  make_list_if: [2, 3],
  percentile: [2, 2],
};

/**
 * @param byPlain names of `by` keys that are plain references to input columns; arg_max(x, *) skips those
 *   columns because the key already carries them.
 */
export function compileAggregate(call: CallExpr, explicitName: string | undefined, scope: Scope, byPlain: ReadonlySet<string>): AggPlan {
  const f = call.name;
  const [min, max] = ARITY[f] ?? [0, 0];
  if (call.args.length < min || call.args.length > max)
    throw semanticError(
      `Aggregate '${f}' expects ${min === max ? min : `${min} to ${max}`} argument(s), got ${call.args.length}`,
      call.pos,
    );
  if (f === 'arg_max' || f === 'arg_min') return argExtreme(call, explicitName, scope, byPlain);
  const args = call.args.map((a) => compileExpr(a, scope));
  const x = args[0] as Compiled;
  const argName = call.args[0] ? (inferName(call.args[0]) ?? '') : '';
  const predAt = (i: number): ((row: Row) => boolean) | undefined =>
    args[i] ? asPredicate(args[i], `${f} predicate`, call.pos) : undefined;
  const named = (fallback: string): string => explicitName ?? fallback;
  switch (f) {
    case 'count':
      return single(named('count_'), 'long', () => counter());
    case 'countif':
      return single(named('countif_'), 'long', () => gated(predAt(0), counter()));
    case 'dcount':
    case 'dcountif':
      return single(named(`${f}_${argName}`), 'long', () => gated(f === 'dcountif' ? predAt(1) : undefined, distinctCounter(x)));
    case 'sum':
    case 'sumif':
    case 'avg':
    case 'avgif': {
      const span = x.type === 'timespan';
      if (!span && !isNumeric(x.type) && x.type !== 'dynamic')
        throw semanticError(`${f} expects a numeric or timespan argument, got ${x.type}`, call.pos);
      const avg = f.startsWith('avg');
      const type: KqlType = span ? 'timespan' : avg || !isIntegral(x.type) ? 'real' : 'long';
      return single(named(`${f}_${argName}`), type, () => gated(f.endsWith('if') ? predAt(1) : undefined, summer(x, span, avg)));
    }
    case 'min':
    case 'max':
    case 'minif':
    case 'maxif':
      return single(named(`${f}_${argName}`), x.type, () =>
        gated(f.endsWith('if') ? predAt(1) : undefined, extreme(x, f.startsWith('max') ? 1 : -1)),
      );
    case 'any':
    case 'take_any':
      return single(named(`any_${argName}`), x.type, () => anyValue(x));
    case 'make_set':
    case 'make_list':
    case 'make_set_if':
    case 'make_list_if': {
      const isIf = f.endsWith('_if');
      const limitArg = args[isIf ? 2 : 1];
      const limit = limitArg ? (toNum(limitArg.eval([])) ?? 1048576) : 1048576;
      const base = f.startsWith('make_set') ? 'set' : 'list';
      return single(named(`${base}_${argName}`), 'dynamic', () => gated(isIf ? predAt(1) : undefined, collector(x, base === 'set', limit)));
    }
    case 'percentile': {
      const p = args[1];
      if (!p?.constant) throw semanticError('percentile expects a constant percentage', call.pos);
      const pct = toNum(p.eval([])) ?? 50;
      return single(named(`percentile_${argName}_${String(pct).replace('.', '_')}`), x.type, () => percentile(x, pct));
    }
    default:
      throw semanticError(`Unsupported aggregate '${f}'`, call.pos);
  }
}

function counter(): Single {
  let n = 0;
  return { add: () => void n++, value: () => n };
}

function distinctCounter(x: Compiled): Single {
  const seen = new Set<string>();
  return {
    add: (row) => {
      const v = x.eval(row);
      if (v !== null && v !== undefined) seen.add(valueKey(v));
    },
    value: () => seen.size,
  };
}

function summer(x: Compiled, span: boolean, avg: boolean): Single {
  let total = 0;
  let n = 0;
  return {
    add: (row) => {
      const v = span ? (toSpan(x.eval(row))?.ms ?? null) : toNum(x.eval(row));
      if (v === null) return;
      total += v;
      n++;
    },
    value: () => {
      if (n === 0) return null;
      const r = avg ? total / n : total;
      return span ? new Timespan(r) : r;
    },
  };
}

function extreme(x: Compiled, sign: 1 | -1): Single {
  let best: unknown = null;
  let bestKey: number | string | null = null;
  return {
    add: (row) => {
      const v = x.eval(row);
      const k = sortKey(v);
      if (k !== null && (bestKey === null || sign * compareKeys(k, bestKey) > 0)) [best, bestKey] = [v, k];
    },
    value: () => best ?? nullOf(x.type),
  };
}

function anyValue(x: Compiled): Single {
  let found: unknown = null;
  return {
    add: (row) => {
      if (found !== null && found !== '') return;
      const v = x.eval(row);
      if (v !== undefined) found = v;
    },
    value: () => found ?? nullOf(x.type),
  };
}

function collector(x: Compiled, distinct: boolean, limit: number): Single {
  const items: unknown[] = [];
  const keys = new Set<string>();
  return {
    add: (row) => {
      const v = x.eval(row);
      if (v === null || v === undefined || items.length >= limit) return;
      if (distinct) {
        const k = valueKey(v);
        if (keys.has(k)) return;
        keys.add(k);
      }
      items.push(toDyn(v));
    },
    value: () => items,
  };
}

/** Nearest-rank percentile: returns an actual input value, like Kusto does for small sets. */
function percentile(x: Compiled, pct: number): Single {
  const seen: [number | string, unknown][] = [];
  return {
    add: (row) => {
      const v = x.eval(row);
      const k = sortKey(v);
      if (k !== null) seen.push([k, v]);
    },
    value: () => {
      if (seen.length === 0) return nullOf(x.type);
      seen.sort((a, b) => compareKeys(a[0], b[0]));
      const rank = Math.min(seen.length, Math.max(1, Math.ceil((pct / 100) * seen.length)));
      return seen[rank - 1]?.[1] ?? null;
    },
  };
}
