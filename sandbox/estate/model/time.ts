// Time arithmetic for the estate. Scenarios speak ISO 8601 (durations like 'PT4H', relative times like '-P3D'
// measured from the clock start, absolute instants); the model works in epoch milliseconds for speed.

export interface IsoDuration {
  readonly sign: 1 | -1;
  readonly years: number;
  readonly months: number;
  readonly weeks: number;
  readonly days: number;
  readonly hours: number;
  readonly minutes: number;
  readonly seconds: number;
}

const PATTERN = /^([+-])?P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Parses an optionally signed ISO 8601 duration; undefined when the text is not one (e.g. 'P', 'PT'). */
export function parseIsoDuration(text: string): IsoDuration | undefined {
  const trimmed = text.trim();
  const m = PATTERN.exec(trimmed);
  if (!m || /P$|T$/i.test(trimmed)) return undefined;
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  return {
    sign: m[1] === '-' ? -1 : 1,
    years: n(2),
    months: n(3),
    weeks: n(4),
    days: n(5),
    hours: n(6),
    minutes: n(7),
    seconds: n(8),
  };
}

/** Length in ms of a duration without months or years (those have no fixed length); undefined otherwise. */
export function fixedMs(text: string): number | undefined {
  const d = parseIsoDuration(text);
  if (!d || d.years !== 0 || d.months !== 0) return undefined;
  const ms = d.weeks * 7 * DAY + d.days * DAY + d.hours * HOUR + d.minutes * MINUTE + d.seconds * SECOND;
  return d.sign * Math.round(ms);
}

/** Adds a duration to an instant the calendar way (UTC), so 'P1M' after 31 January lands on 2/3 March like .NET. */
export function addDuration(at: number, d: IsoDuration): number {
  const date = new Date(at);
  if (d.years !== 0 || d.months !== 0) date.setUTCMonth(date.getUTCMonth() + d.sign * (d.years * 12 + d.months));
  const rest = d.weeks * 7 * DAY + d.days * DAY + d.hours * HOUR + d.minutes * MINUTE + d.seconds * SECOND;
  return date.getTime() + d.sign * Math.round(rest);
}

/** True when the text is an instant with an explicit date, e.g. '2026-01-10T02:00:00Z'. */
function parseInstant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text.trim())) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A scenario time: an absolute ISO instant, or a signed duration relative to `start` ('-PT3H30M', 'P1D'). */
export function resolveTime(spec: string, start: number): number {
  const instant = parseInstant(spec);
  if (instant !== undefined) return instant;
  const d = parseIsoDuration(spec);
  if (!d) throw new RangeError(`'${spec}' is neither an ISO 8601 instant nor a duration`);
  return addDuration(start, d);
}

export const isTimeSpec = (spec: string): boolean => parseInstant(spec) !== undefined || parseIsoDuration(spec) !== undefined;

/** .NET TimeSpan text as DataProtection job `duration` uses it: '00:06:00', '1.02:00:00'. */
export function formatTimeSpan(ms: number): string {
  const total = Math.max(0, Math.round(ms / SECOND));
  const days = Math.floor(total / 86_400);
  const two = (n: number): string => String(n).padStart(2, '0');
  const clock = `${two(Math.floor((total % 86_400) / 3600))}:${two(Math.floor((total % 3600) / 60))}:${two(total % 60)}`;
  return days > 0 ? `${days}.${clock}` : clock;
}

/** ISO text without milliseconds, as ARM writes most timestamps. */
export const isoSeconds = (ms: number): string => new Date(Math.floor(ms / SECOND) * SECOND).toISOString().replace('.000Z', 'Z');

/** Start of the UTC day containing `ms` (per-day limits such as 10 on-demand backups reset at midnight UTC). */
export const utcDayStart = (ms: number): number => Math.floor(ms / DAY) * DAY;
