// Scalar functions: conversions, strings, dynamic values and conditionals. Datetime and math functions live
// in functions-time.ts. Every implementation returns null (or '' for strings) instead of throwing.
import { semanticError, type Pos } from './errors.js';
import type { Compiled } from './compiled.js';
import { argAt, fn, unify, type FnDef, type FnImpl } from './fn-support.js';
import { TIME_FUNCTIONS } from './functions-time.js';
import { regexFactory } from './strings.js';
import type { KqlType } from './types.js';
import { coerce, isBag, toBool, toDate, toDyn, toLong, toNum, toSpan, toStr } from './values.js';

export type { FnCtx } from './compiled.js';

const GUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** parse_json/todynamic: a string that is not valid JSON stays a dynamic string (Kusto docs). */
function parseJson(v: unknown): unknown {
  if (typeof v !== 'string') return toDyn(v);
  try {
    return JSON.parse(v) as unknown;
  } catch {
    return v;
  }
}

function putKey(bag: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty keeps a '__proto__' key as plain data.
  Object.defineProperty(bag, key, { value, enumerable: true, writable: true, configurable: true });
}

const pack: FnImpl = (v) => {
  const bag: Record<string, unknown> = {};
  for (let i = 0; i + 1 < v.length; i += 2) putKey(bag, toStr(v[i]), toDyn(v[i + 1]));
  return bag;
};

/** KQL substring counts code points; so do we (surrogate pairs stay whole). */
const chars = (s: string): string[] => Array.from(s);

/** Cheap, deterministic 32-bit FNV-1a; Kusto's hash() is xxhash64, so values differ from real Kusto. */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** trim/trim_start/trim_end: Kusto trims matches of a regex, not just whitespace. */
const trimMaker =
  (start: boolean, end: boolean) =>
  (args: readonly Compiled[], pos: Pos): FnImpl => {
    const regexOf = regexFactory(argAt(args, 0, pos), pos);
    return (v) => {
      const re = regexOf(v[0]);
      let s = toStr(v[1]);
      if (!re || re.source === '(?:)') return s;
      if (start) s = s.replace(new RegExp(`^(?:${re.source})+`, re.flags), '');
      if (end) s = s.replace(new RegExp(`(?:${re.source})+$`, re.flags), '');
      return s;
    };
  };

/**
 * iff/case/coalesce: the result type is the common type of the candidate values (a bare null adopts it),
 * and the chosen value is converted to that type.
 */
function conditional(
  name: string,
  min: number,
  max: number,
  candidates: (args: readonly Compiled[]) => readonly Compiled[],
  pick: (v: unknown[]) => unknown,
): FnDef {
  const typeOf = (args: readonly Compiled[], pos: Pos): KqlType => {
    if (name === 'case' && args.length % 2 === 0) throw semanticError('case expects predicate/value pairs followed by an else value', pos);
    return unify(candidates(args), pos, name);
  };
  return {
    min,
    max,
    type: typeOf,
    make: (args, pos) => {
      const type = typeOf(args, pos);
      return (v) => coerce(type, pick(v));
    },
  };
}

const BASE_FUNCTIONS: Readonly<Record<string, FnDef>> = {
  tostring: fn(1, 1, 'string', (v) => toStr(v[0])),
  todatetime: fn(1, 1, 'datetime', (v) => toDate(v[0])),
  totimespan: fn(1, 1, 'timespan', (v) => toSpan(v[0])),
  toint: fn(1, 1, 'int', (v) => toLong(v[0])),
  tolong: fn(1, 1, 'long', (v) => toLong(v[0])),
  todouble: fn(1, 1, 'real', (v) => toNum(v[0])),
  toreal: fn(1, 1, 'real', (v) => toNum(v[0])),
  todecimal: fn(1, 1, 'real', (v) => toNum(v[0])),
  tobool: fn(1, 1, 'bool', (v) => toBool(v[0])),
  toboolean: fn(1, 1, 'bool', (v) => toBool(v[0])),
  toguid: fn(1, 1, 'guid', (v) => (GUID_RE.test(toStr(v[0]).trim()) ? toStr(v[0]).trim().toLowerCase() : null)),
  todynamic: fn(1, 1, 'dynamic', (v) => parseJson(v[0])),
  parse_json: fn(1, 1, 'dynamic', (v) => parseJson(v[0])),

  tolower: fn(1, 1, 'string', (v) => toStr(v[0]).toLowerCase()),
  toupper: fn(1, 1, 'string', (v) => toStr(v[0]).toUpperCase()),
  strlen: fn(1, 1, 'long', (v) => chars(toStr(v[0])).length),
  substring: fn(2, 3, 'string', (v) => {
    const cs = chars(toStr(v[0]));
    const start = Math.max(0, toLong(v[1]) ?? 0);
    const len = v.length > 2 ? toLong(v[2]) : cs.length;
    return len === null || len < 0 ? '' : cs.slice(start, start + len).join('');
  }),
  strcat: fn(1, 64, 'string', (v) => v.map(toStr).join('')),
  strcat_delim: fn(2, 64, 'string', (v) => v.slice(1).map(toStr).join(toStr(v[0]))),
  split: fn(2, 3, 'dynamic', (v) => {
    const parts = toStr(v[0]).split(toStr(v[1]));
    if (v.length < 3) return parts;
    const i = toLong(v[2]);
    const part = i === null ? undefined : parts[i];
    return part === undefined ? [] : [part];
  }),
  indexof: fn(2, 3, 'long', (v) => toStr(v[0]).indexOf(toStr(v[1]), Math.max(0, toLong(v[2]) ?? 0))),
  replace_string: fn(3, 3, 'string', (v) => {
    const lookup = toStr(v[1]);
    return lookup === '' ? toStr(v[0]) : toStr(v[0]).split(lookup).join(toStr(v[2]));
  }),
  replace_regex: {
    min: 3,
    max: 3,
    type: 'string',
    make: (args, pos) => {
      const regexOf = regexFactory(argAt(args, 1, pos), pos, 'g');
      return (v) => {
        const re = regexOf(v[1]);
        // Kusto rewrites use \1 for groups; JS uses $1.
        return re
          ? toStr(v[0]).replace(
              re,
              toStr(v[2])
                .replace(/\$/g, '$$$$')
                .replace(/\\(\d)/g, '$$$1'),
            )
          : toStr(v[0]);
      };
    },
  },
  extract: {
    min: 3,
    max: 3,
    type: 'string',
    make: (args, pos) => {
      const regexOf = regexFactory(argAt(args, 0, pos), pos);
      return (v) => {
        const group = toLong(v[1]);
        const m = group === null ? null : regexOf(v[0])?.exec(toStr(v[2]));
        return m && group !== null ? (m[group] ?? '') : '';
      };
    },
  },
  trim: { min: 2, max: 2, type: 'string', make: trimMaker(true, true) },
  trim_start: { min: 2, max: 2, type: 'string', make: trimMaker(true, false) },
  trim_end: { min: 2, max: 2, type: 'string', make: trimMaker(false, true) },
  hash: fn(1, 2, 'long', (v) => {
    const h = fnv1a(toStr(v[0]));
    const mod = v.length > 1 ? toLong(v[1]) : null;
    return mod ? h % mod : h;
  }),

  isnull: fn(1, 1, 'bool', (v) => v[0] === null || v[0] === undefined),
  isnotnull: fn(1, 1, 'bool', (v) => v[0] !== null && v[0] !== undefined),
  isempty: fn(1, 1, 'bool', (v) => v[0] === null || v[0] === undefined || v[0] === ''),
  isnotempty: fn(1, 1, 'bool', (v) => !(v[0] === null || v[0] === undefined || v[0] === '')),
  not: fn(1, 1, 'bool', (v) => ((b) => (b === null ? null : !b))(toBool(v[0]))),
  gettype: fn(1, 1, 'string', (v) => {
    const x = v[0];
    if (x === null || x === undefined) return 'null';
    if (Array.isArray(x)) return 'array';
    if (isBag(x)) return 'dictionary';
    if (typeof x === 'number') return Number.isInteger(x) ? 'long' : 'real';
    if (typeof x === 'boolean') return 'bool';
    if (x instanceof Date) return 'datetime';
    return typeof x === 'string' ? 'string' : 'timespan';
  }),

  iff: conditional(
    'iff',
    3,
    3,
    (a) => a.slice(1),
    (v) => (toBool(v[0]) === true ? v[1] : v[2]),
  ),
  iif: conditional(
    'iif',
    3,
    3,
    (a) => a.slice(1),
    (v) => (toBool(v[0]) === true ? v[1] : v[2]),
  ),
  case: conditional(
    'case',
    3,
    255,
    (a) => a.filter((_, i) => i % 2 === 1 || i === a.length - 1),
    (v) => {
      for (let i = 0; i + 1 < v.length; i += 2) if (toBool(v[i]) === true) return v[i + 1];
      return v[v.length - 1];
    },
  ),
  coalesce: conditional(
    'coalesce',
    1,
    64,
    (a) => a,
    (v) => v.find((x) => x !== null && x !== undefined && x !== '') ?? null,
  ),

  array_length: fn(1, 1, 'long', (v) => (Array.isArray(v[0]) ? v[0].length : null)),
  bag_keys: fn(1, 1, 'dynamic', (v) => (isBag(v[0]) ? Object.keys(v[0]) : null)),
  pack: fn(0, 128, 'dynamic', pack),
  bag_pack: fn(0, 128, 'dynamic', pack),
  pack_array: fn(0, 128, 'dynamic', (v) => v.map(toDyn)),
};

export const FUNCTIONS: Readonly<Record<string, FnDef>> = { ...BASE_FUNCTIONS, ...TIME_FUNCTIONS };
