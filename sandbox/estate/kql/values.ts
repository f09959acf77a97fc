// The engine's value model and the conversions between KQL types. Values are plain JS values except
// datetime (Date) and timespan (Timespan), so a number can never be mistaken for a duration.
import { formatDatetime, formatTimespan, parseDatetime, parseTimespanText } from './timetext.js';
import type { KqlType } from './types.js';

export { UNIT_MS, formatDatetime, formatTimespan, parseDatetime, parseTimespanText } from './timetext.js';

export class Timespan {
  /** Milliseconds; fractional values carry sub-millisecond ticks (1 tick = 0.0001 ms). */
  constructor(readonly ms: number) {}
  toString(): string {
    return formatTimespan(this.ms);
  }
  toJSON(): string {
    return formatTimespan(this.ms);
  }
}

export const isIntegral = (t: KqlType): boolean => t === 'long' || t === 'int';
export const isNumeric = (t: KqlType): boolean => t === 'long' || t === 'int' || t === 'real';

export function isBag(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Timespan);
}

export function toStr(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : formatDatetime(v);
  if (v instanceof Timespan) return formatTimespan(v.ms);
  return JSON.stringify(v);
}

export function toNum(v: unknown): number | null {
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string') {
    const s = v.trim();
    if (s === '') return null;
    const n = Number(s);
    return Number.isNaN(n) ? null : n;
  }
  return null;
}

export function toLong(v: unknown): number | null {
  const n = toNum(v);
  return n === null || !Number.isFinite(n) ? null : Math.trunc(n);
}

export function toBool(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

export function toDate(v: unknown): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v;
  if (typeof v === 'string') return parseDatetime(v);
  return null;
}

export function toSpan(v: unknown): Timespan | null {
  if (v instanceof Timespan) return v;
  if (typeof v === 'string') {
    const ms = parseTimespanText(v);
    return ms === null ? null : new Timespan(ms);
  }
  // Kusto reads a number as a tick count.
  if (typeof v === 'number' && Number.isFinite(v)) return new Timespan(v / 1e4);
  return null;
}

/** Engine value → dynamic value (what make_list/pack store, and what Resource Graph hands back). */
export function toDyn(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return toStr(v);
  if (v instanceof Timespan) return formatTimespan(v.ms);
  return v;
}

/** Normalises a raw table value (or a computed one) to the engine representation of `type`. */
export function coerce(type: KqlType, v: unknown): unknown {
  if (v === null || v === undefined) return type === 'string' ? '' : null;
  switch (type) {
    case 'string':
      return typeof v === 'string' ? v : toStr(v);
    case 'guid':
      return typeof v === 'string' ? v : toStr(v) || null;
    case 'long':
    case 'int':
      return toLong(v);
    case 'real':
      return toNum(v);
    case 'bool':
      return toBool(v);
    case 'datetime':
      // Tables may hold epoch milliseconds; todatetime(number) itself stays null.
      return typeof v === 'number' ? toDate(new Date(v)) : toDate(v);
    case 'timespan':
      return typeof v === 'number' ? new Timespan(v) : toSpan(v);
    case 'dynamic':
      return v;
  }
}

/** Column type of a raw table value, used when a table does not declare its schema. */
export function inferType(v: unknown): KqlType | undefined {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'long' : 'real';
  if (v instanceof Date) return 'datetime';
  if (v instanceof Timespan) return 'timespan';
  return 'dynamic';
}

/** Stable identity of a value for grouping, distinct, dcount and join keys. */
export function valueKey(v: unknown): string {
  if (v === null || v === undefined) return '\u0000';
  switch (typeof v) {
    case 'string':
      return `s${v}`;
    case 'number':
      return `n${v}`;
    case 'boolean':
      return v ? 'T' : 'F';
  }
  if (v instanceof Date) return `d${v.getTime()}`;
  if (v instanceof Timespan) return `t${v.ms}`;
  return `j${JSON.stringify(v)}`;
}

/** What an absent value looks like in a column of `type` (Kusto strings are never null). */
export const nullOf = (type: KqlType): unknown => (type === 'string' ? '' : null);

/** Orderable form of a value: instants and durations become numbers. */
export function sortKey(v: unknown): number | string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return Number.isNaN(v) ? null : v;
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof Date) return v.getTime();
  if (v instanceof Timespan) return v.ms;
  return JSON.stringify(v);
}

/** Total order over sort keys; numbers sort before strings (only dynamic columns mix them). */
export function compareKeys(a: number | string, b: number | string): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return typeof a === 'number' ? -1 : 1;
}
