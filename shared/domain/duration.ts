// ISO 8601 durations as Azure uses them (policy intervals 'PT4H', retention 'P7D', tags 'PT15M').
// Months and years are rejected: they have no fixed length, and an RPO must be a fixed length.

const PATTERN = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/i;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds in an ISO 8601 duration, or undefined when it is not one (or has months/years, or is zero-length text). */
export function parseDuration(text: string): number | undefined {
  const m = PATTERN.exec(text.trim());
  if (!m || text.trim().toUpperCase() === 'P' || /T$/i.test(text.trim())) return undefined;
  const [, w, d, h, min, s] = m;
  const n = (v: string | undefined): number => (v === undefined ? 0 : Number(v));
  return n(w) * 7 * DAY + n(d) * DAY + n(h) * HOUR + n(min) * MINUTE + n(s) * SECOND;
}

/** Canonical ISO 8601 form of a non-negative length of time: 90 min → 'PT1H30M', 25 h → 'P1DT1H', 0 → 'PT0S'. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration must be a non-negative finite number, got ${ms}`);
  let rest = Math.round(ms / SECOND);
  const days = Math.floor(rest / 86_400);
  rest -= days * 86_400;
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  const seconds = rest - minutes * 60;
  const time = `${hours ? `${hours}H` : ''}${minutes ? `${minutes}M` : ''}${seconds ? `${seconds}S` : ''}`;
  if (!days && !time) return 'PT0S';
  return `P${days ? `${days}D` : ''}${time ? `T${time}` : ''}`;
}

export const durations = { SECOND, MINUTE, HOUR, DAY } as const;
