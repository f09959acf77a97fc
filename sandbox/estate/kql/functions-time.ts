// Datetime and numeric scalar functions. All calendar arithmetic is UTC, as in Kusto.
import { semanticError, type Pos } from './errors.js';
import type { Compiled } from './compiled.js';
import { constString, fn, sameAsArg, unify, type FnDef, type FnImpl } from './fn-support.js';
import type { KqlType } from './types.js';
import { Timespan, compareKeys, sortKey, toDate, toLong, toNum, toSpan } from './values.js';

const DAY = 864e5;
const FIXED_UNITS: Readonly<Record<string, number>> = {
  week: 7 * DAY,
  day: DAY,
  hour: 36e5,
  minute: 6e4,
  second: 1e3,
  millisecond: 1,
  microsecond: 1e-3,
  nanosecond: 1e-6,
};
const MONTH_UNITS: Readonly<Record<string, number>> = { year: 12, quarter: 3, month: 1 };

const daysInMonth = (y: number, m: number): number => new Date(Date.UTC(y, m + 1, 0)).getUTCDate();

/** Calendar month arithmetic that clamps the day (Jan 31 + 1 month = Feb 28/29), like .NET AddMonths. */
function addMonths(d: Date, months: number): Date {
  const total = d.getUTCFullYear() * 12 + d.getUTCMonth() + months;
  const y = Math.floor(total / 12);
  const m = total - y * 12;
  const day = Math.min(d.getUTCDate(), daysInMonth(y, m));
  return new Date(Date.UTC(y, m, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds()));
}

const startOfDay = (t: number): number => Math.floor(t / DAY) * DAY;
// 1970-01-01 was a Thursday; weeks start on Sunday.
const startOfWeek = (t: number): number => startOfDay(t) - ((((Math.floor(t / DAY) + 4) % 7) + 7) % 7) * DAY;
const monthIndex = (d: Date): number => d.getUTCFullYear() * 12 + d.getUTCMonth();

function unitOf(args: readonly Compiled[], pos: Pos, fnName: string): string {
  const unit = constString(args, 0, pos, `${fnName} unit`).toLowerCase().replace(/s$/, '');
  if (!(unit in FIXED_UNITS) && !(unit in MONTH_UNITS)) throw semanticError(`${fnName}: unsupported unit '${unit}'`, pos);
  return unit;
}

/** Number of unit boundaries crossed from b to a (datetime_diff('hour', 01:00, 23:59 the day before) = 2). */
function diff(unit: string, a: Date, b: Date): number {
  const months = MONTH_UNITS[unit];
  if (months !== undefined) return Math.floor(monthIndex(a) / months) - Math.floor(monthIndex(b) / months);
  if (unit === 'week') return Math.round((startOfWeek(a.getTime()) - startOfWeek(b.getTime())) / (7 * DAY));
  const size = FIXED_UNITS[unit] ?? 1;
  return size < 1 ? Math.round((a.getTime() - b.getTime()) / size) : Math.floor(a.getTime() / size) - Math.floor(b.getTime() / size);
}

function dateFn(make: (d: Date, v: unknown[]) => unknown, type: KqlType = 'datetime', max = 1): FnDef {
  return fn(1, max, type, (v) => {
    const d = toDate(v[0]);
    return d === null ? null : make(d, v);
  });
}

const offset = (v: unknown[]): number => toLong(v[1]) ?? 0;
const startOfMonth = (d: Date, months: number): Date => new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
const startOfYear = (d: Date, years: number): Date => new Date(Date.UTC(d.getUTCFullYear() + years, 0, 1));
const before = (d: Date): Date => new Date(d.getTime() - 1);

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const FORMAT_RE = /yyyy|yy|MM|M|dd|d|HH|H|hh|h|mm|m|ss|s|f{1,7}|F{1,7}|tt/g;

function formatDatetime(d: Date, format: string): string {
  return format.replace(FORMAT_RE, (tok) => {
    const h = d.getUTCHours();
    switch (tok) {
      case 'yyyy':
        return pad(d.getUTCFullYear(), 4);
      case 'yy':
        return pad(d.getUTCFullYear() % 100);
      case 'MM':
        return pad(d.getUTCMonth() + 1);
      case 'M':
        return String(d.getUTCMonth() + 1);
      case 'dd':
        return pad(d.getUTCDate());
      case 'd':
        return String(d.getUTCDate());
      case 'HH':
        return pad(h);
      case 'H':
        return String(h);
      case 'hh':
        return pad(h % 12 || 12);
      case 'h':
        return String(h % 12 || 12);
      case 'mm':
        return pad(d.getUTCMinutes());
      case 'm':
        return String(d.getUTCMinutes());
      case 'ss':
        return pad(d.getUTCSeconds());
      case 's':
        return String(d.getUTCSeconds());
      case 'tt':
        return h < 12 ? 'AM' : 'PM';
      default: {
        const digits = pad(d.getUTCMilliseconds(), 3).padEnd(7, '0').slice(0, tok.length);
        return tok.startsWith('F') ? digits.replace(/0+$/, '') : digits;
      }
    }
  });
}

/** bin(value, size): floor to a multiple of size, for numbers, datetimes (UTC epoch) and timespans. */
const bin: FnImpl = (v) => {
  const [x, size] = v;
  if (x instanceof Date) {
    const s = toSpan(size)?.ms;
    return s && s > 0 ? new Date(Math.floor(x.getTime() / s) * s) : null;
  }
  if (x instanceof Timespan) {
    const s = toSpan(size)?.ms;
    return s && s > 0 ? new Timespan(Math.floor(x.ms / s) * s) : null;
  }
  const n = toNum(x);
  const s = toNum(size);
  return n === null || !s || s <= 0 ? null : Math.floor(n / s) * s;
};

const numeric = (f: (x: number, v: unknown[]) => number | null, type: FnDef['type'] = 'real', min = 1, max = 1): FnDef =>
  fn(min, max, type, (v) => {
    const x = toNum(v[0]);
    if (x === null) return null;
    const r = f(x, v);
    return r === null || Number.isNaN(r) ? null : r;
  });

const positive =
  (f: (x: number) => number) =>
  (x: number): number | null =>
    x > 0 ? f(x) : null;

function extreme(sign: 1 | -1): FnDef {
  return {
    min: 1,
    max: 64,
    type: (a, p) => unify(a, p, sign > 0 ? 'max_of' : 'min_of'),
    impl: (v) => {
      let best: unknown = null;
      let bestKey: number | string | null = null;
      for (const x of v) {
        const k = sortKey(x);
        if (k !== null && (bestKey === null || sign * compareKeys(k, bestKey) > 0)) [best, bestKey] = [x, k];
      }
      return best;
    },
  };
}

export const TIME_FUNCTIONS: Readonly<Record<string, FnDef>> = {
  now: fn(0, 1, 'datetime', (v, ctx) => new Date(ctx.now.getTime() + (toSpan(v[0])?.ms ?? 0))),
  ago: fn(1, 1, 'datetime', (v, ctx) => ((s) => (s === null ? null : new Date(ctx.now.getTime() - s.ms)))(toSpan(v[0]))),
  datetime_diff: {
    min: 3,
    max: 3,
    type: 'long',
    make: (args, pos) => {
      const unit = unitOf(args, pos, 'datetime_diff');
      return (v) => ((a, b) => (a && b ? diff(unit, a, b) : null))(toDate(v[1]), toDate(v[2]));
    },
  },
  datetime_add: {
    min: 3,
    max: 3,
    type: 'datetime',
    make: (args, pos) => {
      const unit = unitOf(args, pos, 'datetime_add');
      return (v) => {
        const n = toLong(v[1]);
        const d = toDate(v[2]);
        if (n === null || d === null) return null;
        const months = MONTH_UNITS[unit];
        return months !== undefined ? addMonths(d, n * months) : new Date(d.getTime() + n * (FIXED_UNITS[unit] ?? 0));
      };
    },
  },
  bin: { min: 2, max: 2, type: sameAsArg(0, ['long', 'int', 'real', 'datetime', 'timespan']), impl: bin },
  floor: { min: 2, max: 2, type: sameAsArg(0, ['long', 'int', 'real', 'datetime', 'timespan']), impl: bin },
  startofday: dateFn((d, v) => new Date(startOfDay(d.getTime()) + offset(v) * DAY), 'datetime', 2),
  endofday: dateFn((d, v) => new Date(startOfDay(d.getTime()) + (offset(v) + 1) * DAY - 1), 'datetime', 2),
  startofweek: dateFn((d, v) => new Date(startOfWeek(d.getTime()) + offset(v) * 7 * DAY), 'datetime', 2),
  endofweek: dateFn((d, v) => new Date(startOfWeek(d.getTime()) + (offset(v) + 1) * 7 * DAY - 1), 'datetime', 2),
  startofmonth: dateFn((d, v) => startOfMonth(d, offset(v)), 'datetime', 2),
  endofmonth: dateFn((d, v) => before(startOfMonth(d, offset(v) + 1)), 'datetime', 2),
  startofyear: dateFn((d, v) => startOfYear(d, offset(v)), 'datetime', 2),
  endofyear: dateFn((d, v) => before(startOfYear(d, offset(v) + 1)), 'datetime', 2),
  dayofmonth: dateFn((d) => d.getUTCDate(), 'int'),
  dayofweek: dateFn((d) => new Timespan(d.getUTCDay() * DAY), 'timespan'),
  dayofyear: dateFn((d) => Math.floor((startOfDay(d.getTime()) - Date.UTC(d.getUTCFullYear(), 0, 1)) / DAY) + 1, 'int'),
  hourofday: dateFn((d) => d.getUTCHours(), 'int'),
  getmonth: dateFn((d) => d.getUTCMonth() + 1, 'int'),
  monthofyear: dateFn((d) => d.getUTCMonth() + 1, 'int'),
  getyear: dateFn((d) => d.getUTCFullYear(), 'int'),
  format_datetime: {
    min: 2,
    max: 2,
    type: 'string',
    make: (args, pos) => {
      const format = constString(args, 1, pos, 'format_datetime format');
      return (v) => ((d) => (d ? formatDatetime(d, format) : ''))(toDate(v[0]));
    },
  },
  make_datetime: fn(3, 7, 'datetime', (v) => {
    const n = v.map((x) => toNum(x));
    if (n.slice(0, 3).some((x) => x === null)) return null;
    const [y, mo, d, h, mi, s] = [0, 1, 2, 3, 4, 5].map((i) => n[i] ?? 0) as [number, number, number, number, number, number];
    return mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo - 1) ? null : new Date(Date.UTC(y, mo - 1, d, h, mi, 0) + s * 1e3);
  }),
  unixtime_seconds_todatetime: fn(1, 1, 'datetime', (v) => ((x) => (x === null ? null : toDate(new Date(x * 1e3))))(toNum(v[0]))),
  unixtime_milliseconds_todatetime: fn(1, 1, 'datetime', (v) => ((x) => (x === null ? null : toDate(new Date(x))))(toNum(v[0]))),

  round: numeric(
    (x, v) => {
      const f = 10 ** (toLong(v[1]) ?? 0);
      return (Math.sign(x) * Math.round(Math.abs(x) * f)) / f;
    },
    sameAsArg(0, ['long', 'int', 'real']),
    1,
    2,
  ),
  abs: fn(1, 1, sameAsArg(0, ['long', 'int', 'real', 'timespan']), (v) =>
    v[0] instanceof Timespan ? new Timespan(Math.abs(v[0].ms)) : ((x) => (x === null ? null : Math.abs(x)))(toNum(v[0])),
  ),
  ceiling: numeric(Math.ceil, sameAsArg(0, ['long', 'int', 'real'])),
  sqrt: numeric((x) => (x >= 0 ? Math.sqrt(x) : null)),
  exp: numeric(Math.exp),
  log: numeric(positive(Math.log)),
  log10: numeric(positive(Math.log10)),
  log2: numeric(positive(Math.log2)),
  pow: numeric((x, v) => ((y) => (y === null ? null : x ** y))(toNum(v[1])), 'real', 2, 2),
  min_of: extreme(-1),
  max_of: extreme(1),
};
