// Text forms of datetimes and timespans: the literal/ISO formats Kusto accepts and the ones it prints.

export const UNIT_MS: Readonly<Record<string, number>> = {
  d: 864e5,
  day: 864e5,
  days: 864e5,
  h: 36e5,
  hr: 36e5,
  hrs: 36e5,
  hour: 36e5,
  hours: 36e5,
  m: 6e4,
  min: 6e4,
  minute: 6e4,
  minutes: 6e4,
  s: 1e3,
  sec: 1e3,
  second: 1e3,
  seconds: 1e3,
  ms: 1,
  milli: 1,
  millis: 1,
  millisecond: 1,
  milliseconds: 1,
  microsecond: 1e-3,
  microseconds: 1e-3,
  tick: 1e-4,
  ticks: 1e-4,
};

const ISO_RE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

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
  const base = Date.UTC(y, mo - 1, d, h, mi, se);
  const check = new Date(base);
  // Date.UTC silently rolls 2026-02-30 into March; Kusto rejects it.
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59 || check.getUTCDate() !== d || check.getUTCMonth() !== mo - 1) return null;
  let t = base + frac;
  const zone = m[8];
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = zone.replace(':', '');
    const sign = z.startsWith('-') ? -1 : 1;
    t -= sign * (Number(z.slice(1, 3)) * 60 + Number(z.slice(3, 5))) * 6e4;
  }
  const date = new Date(t);
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
      Number(m[2] ?? 0) * 864e5 +
      Number(m[3]) * 36e5 +
      Number(m[4]) * 6e4 +
      Number(m[5] ?? 0) * 1e3 +
      (m[6] ? Number(`0.${m[6]}`) * 1e3 : 0);
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
