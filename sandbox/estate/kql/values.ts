// The engine's value model and the conversions between KQL types. Values are plain JS values except
// datetime (Date) and timespan (Timespan), so a number can never be mistaken for a duration.
import type { KqlType } from './types.js';

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

export const UNIT_MS: Readonly<Record<string, number>> = {
  d: 864e5, day: 864e5, days: 864e5,
  h: 36e5, hr: 36e5, hrs: 36e5, hour: 36e5, hours: 36e5,
  m: 6e4, min: 6e4, minute: 6e4, minutes: 6e4,
  s: 1e3, sec: 1e3, second: 1e3, seconds: 1e3,
  ms: 1, milli: 1, millis: 1, millisecond: 1, milliseconds: 1,
  microsecond: 1e-3, microseconds: 1e-3, tick: 1e-4, ticks: 1e-4,
};

export const isIntegral = (t: KqlType): boolean => t === 'long' || t === 'int';
export const isNumeric = (t: KqlType): boolean => t === 'long' || t === 'int' || t === 'real';

export function isBag(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date) && !(v instanceof Timespan);
}

const ISO_RE =
  /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

export function parseDatetime(text: string): Date | null {
  const s = text.trim();
  const m = ISO_RE.exec(s);
  if (!m) {
    // RFC 1123 style ("Sat, 21 Nov 2026 09:00:00 GMT") only when a zone is spelled out, so the host zone never leaks in.
    if (!/(GMT|UTC|Z|[+-]\d{4})$/i.test(s)) return null;
    const t = Date.parse(s);
    return Number.isNaN(t) ? null : new Date(t);
  }
  const part = (i: number): number => Number(m[i] ?? 0);
  const [y, mo, d, h, mi, se] = [part(1), part(2), part(3), part(4), part(5), part(6)] as const;
  const frac = m[7] ? Number(`0.${m[7]}`) * 1000 : 0;
  let t = Date.UTC(y, mo - 1, d, h, mi, se) + frac;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const sign = z.startsWith('-') ? -1 : 1;
    t -= sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 6e4;
  }
  const date = new Date(t);
  // Date.UTC silently rolls 2026-02-31 into March; Kusto rejects it.
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) return null;
  return Number.isNaN(date.getTime()) ? null : date;
}

const CLOCK_RE = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,7}))?)?$/;
const UNIT_RE = /^(-)?(\d+(?:\.\d+)?)\s*([a-z]+)$/;

/** '1.02:03:04.5', '02:03', '6h', '1.5d', '100ms' → milliseconds; plain integers are days, as in .NET. */
export function parseTimespanText(text: string): number | null {
  const s = text.trim();
  let m = CLOCK_RE.exec(s);
  if (m) {
    const ms =
      Number(m[2] ?? 0) * 864e5 + Number(m[3]) * 36e5 + Number(m[4]) * 6e4 + Number(m[5] ?? 0) * 1e3 + (m[6] ? Number(`0.${m[6]}`) * 1e3 : 0);
    return m[1] ? -ms : ms;
  }
  m = UNIT_RE.exec(s);
  if (m) {
    const unit = UNIT_MS[m[3] ?? ''];
    if (unit === undefined) return null;
    const ms = Number(m[2]) * unit;
    return m[1] ? -ms : ms;
  }
  if (/^-?\d+$/.test(s)) return Number(s) * 864e5;
  return null;
}

export function formatDatetime(d: Date): string {
  return d.toISOString().replace(/\.000Z$/, 'Z');
}

const pad2 = (n: number): string => String(n).padStart(2, '0');

export function formatTimespan(ms: number): string {
  let ticks = Math.round(Math.abs(ms) * 1e4);
  const days = Math.floor(ticks / 864e9);
  ticks -= days * 864e9;
  const h = Math.floor(ticks / 36e9);
  ticks -= h * 36e9;
  const m = Math.floor(ticks / 6e8);
  ticks -= m * 6e8;
  const s = Math.floor(ticks / 1e7);
  const frac = ticks - s * 1e7;
  const sign = ms < 0 && (days || h || m || s || frac) ? '-' : '';
  return `${sign}${days ? `${days}.` : ''}${pad2(h)}:${pad2(m)}:${pad2(s)}${frac ? `.${String(frac).padStart(7, '0')}` : ''}`;
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
