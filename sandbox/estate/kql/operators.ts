// Binary and unary operators with Kusto typing: comparisons pick one comparison domain for both sides
// (dynamic values are converted to the other side's type), arithmetic follows datetime/timespan rules,
// and any comparison involving null is false.
import { semanticError, type Pos } from './errors.js';
import type { Compiled } from './compiled.js';
import type { KqlType, Row } from './types.js';
import { Timespan, isNumeric, toBool, toDate, toNum, toSpan, toStr } from './values.js';
import { hasTerm, stringOp } from './strings.js';

type Domain = 'number' | 'string' | 'datetime' | 'timespan' | 'bool' | 'dynamic';
type Prim = number | string | boolean | null;

const domainOf = (t: KqlType): Domain =>
  isNumeric(t)
    ? 'number'
    : t === 'string' || t === 'guid'
      ? 'string'
      : t === 'datetime' || t === 'timespan' || t === 'bool' || t === 'dynamic'
        ? t
        : 'dynamic';

function pickDomain(a: KqlType, b: KqlType, pos: Pos): Domain {
  const da = domainOf(a);
  const db = domainOf(b);
  if (da === db) return da;
  if (da === 'dynamic') return db;
  if (db === 'dynamic') return da;
  // A string next to a datetime/timespan is read as one (datetime > '2026-01-01').
  if ((da === 'string' && (db === 'datetime' || db === 'timespan')) || (db === 'string' && (da === 'datetime' || da === 'timespan')))
    return da === 'string' ? db : da;
  throw semanticError(`Cannot compare values of types ${a} and ${b}`, pos);
}

/** Value → primitive comparable within a domain (numbers for instants and durations). */
export function toPrim(domain: Domain, v: unknown): Prim {
  if (v === null || v === undefined) return null;
  switch (domain) {
    case 'number':
      return toNum(v);
    case 'string':
      return toStr(v);
    case 'datetime':
      return toDate(v)?.getTime() ?? null;
    case 'timespan':
      return toSpan(v)?.ms ?? null;
    case 'bool':
      return toBool(v);
    case 'dynamic':
      if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
      if (v instanceof Date) return v.getTime();
      if (v instanceof Timespan) return v.ms;
      return JSON.stringify(v);
  }
}

const skip = (c: Compiled): boolean => c.nullLiteral === true;

export function compileComparison(op: string, l: Compiled, r: Compiled, pos: Pos): Compiled {
  if (op === 'matches regex' || op === '=~' || op === '!~' || /^!?(has|contains|startswith|endswith|hasprefix|hassuffix)/.test(op)) {
    return stringOp(op, l, r, pos);
  }
  const domain = skip(l) || skip(r) ? 'dynamic' : pickDomain(l.type, r.type, pos);
  const test = RELATIONS[op];
  if (!test) throw semanticError(`Unsupported operator '${op}'`, pos);
  return {
    type: 'bool',
    eval: (row) => {
      const a = toPrim(domain, l.eval(row));
      const b = toPrim(domain, r.eval(row));
      return a !== null && b !== null && test(a, b);
    },
  };
}

const RELATIONS: Readonly<Record<string, (a: number | string | boolean, b: number | string | boolean) => boolean>> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => typeof a === typeof b && a < b,
  '<=': (a, b) => typeof a === typeof b && a <= b,
  '>': (a, b) => typeof a === typeof b && a > b,
  '>=': (a, b) => typeof a === typeof b && a >= b,
};

/** in / !in / in~ / !in~ / has_any / has_all; dynamic arrays in the list contribute their elements. */
export function compileIn(op: string, l: Compiled, list: readonly Compiled[]): Compiled {
  const flatten = (row: Row): unknown[] =>
    list.flatMap((c) => {
      const v = c.eval(row);
      return Array.isArray(v) ? (v as unknown[]) : [v];
    });
  if (op === 'has_any' || op === 'has_all') {
    const all = op === 'has_all';
    return {
      type: 'bool',
      eval: (row) => {
        const text = toStr(l.eval(row)).toLowerCase();
        const terms = flatten(row).map((t) => toStr(t).toLowerCase());
        return all ? terms.every((t) => hasTerm(text, t)) : terms.some((t) => hasTerm(text, t));
      },
    };
  }
  const insensitive = op.endsWith('~');
  const negated = op.startsWith('!');
  const itemDomains = new Set(list.filter((c) => !skip(c) && c.type !== 'dynamic').map((c) => domainOf(c.type)));
  const onlyItemDomain = itemDomains.size === 1 ? [...itemDomains][0] : undefined;
  const domain: Domain = insensitive ? 'string' : l.type === 'dynamic' ? (onlyItemDomain ?? 'dynamic') : domainOf(l.type);
  const key = (v: unknown): Prim => {
    const p = toPrim(domain, v);
    return insensitive && typeof p === 'string' ? p.toLowerCase() : p;
  };
  const constantSet = list.every((c) => c.constant)
    ? new Set(
        flatten([])
          .map(key)
          .filter((k) => k !== null),
      )
    : undefined;
  return {
    type: 'bool',
    eval: (row) => {
      const k = key(l.eval(row));
      if (k === null) return false;
      const found = constantSet ? constantSet.has(k) : flatten(row).some((v) => key(v) === k);
      return negated ? !found : found;
    },
  };
}

/** x between (lo .. hi), inclusive; for datetimes `hi` may be a timespan measured from `lo`. */
export function compileBetween(negated: boolean, x: Compiled, lo: Compiled, hi: Compiled, pos: Pos): Compiled {
  const domain = pickDomain(x.type, lo.type, pos);
  const spanEnd = domain === 'datetime' && hi.type === 'timespan';
  if (!spanEnd) pickDomain(x.type, hi.type, pos);
  return {
    type: 'bool',
    eval: (row) => {
      const v = toPrim(domain, x.eval(row));
      const a = toPrim(domain, lo.eval(row));
      const h = hi.eval(row);
      const b = spanEnd ? (typeof a === 'number' && h instanceof Timespan ? a + h.ms : null) : toPrim(domain, h);
      if (v === null || a === null || b === null || typeof v !== typeof a || typeof v !== typeof b) return false;
      return (v >= a && v <= b) !== negated;
    },
  };
}

export function compileLogical(op: 'and' | 'or', l: Compiled, r: Compiled, pos: Pos): Compiled {
  for (const c of [l, r])
    if (c.type !== 'bool' && c.type !== 'dynamic' && !skip(c))
      throw semanticError(`Operator '${op}' expects bool operands, got ${c.type}`, pos);
  // Three-valued logic: false wins for `and`, true wins for `or`, otherwise null propagates.
  if (op === 'and') {
    return {
      type: 'bool',
      eval: (row) => {
        const a = toBool(l.eval(row));
        if (a === false) return false;
        const b = toBool(r.eval(row));
        return b === false ? false : a === null || b === null ? null : true;
      },
    };
  }
  return {
    type: 'bool',
    eval: (row) => {
      const a = toBool(l.eval(row));
      if (a === true) return true;
      const b = toBool(r.eval(row));
      return b === true ? true : a === null || b === null ? null : false;
    },
  };
}
