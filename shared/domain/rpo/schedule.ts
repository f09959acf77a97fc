// Backup policies describe their schedule as ISO 8601 repeating intervals, e.g. 'R/2025-01-01T02:00:00+00:00/PT4H'.
// The RPO a schedule can promise is the longest gap between two consecutive scheduled backups, which is the
// period for one interval, but shorter when a policy lists several anchors (e.g. 02:00 and 14:00 daily → 12 h).
import { parseDuration } from '../duration.js';

export interface RepeatingInterval {
  readonly anchor: Date;
  readonly periodMs: number;
}

/** Parses 'R[n]/<start>/<duration>'; undefined when the text is not such an interval. */
export function parseRepeatingInterval(text: string): RepeatingInterval | undefined {
  const parts = text.trim().split('/');
  if (parts.length !== 3 || !/^R\d*$/i.test(parts[0] ?? '')) return undefined;
  const anchor = new Date(parts[1] ?? '');
  const periodMs = parseDuration(parts[2] ?? '');
  if (Number.isNaN(anchor.getTime()) || periodMs === undefined || periodMs <= 0) return undefined;
  return { anchor, periodMs };
}

/**
 * Longest gap between consecutive backups promised by a set of intervals, in ms; undefined when none parse.
 * Occurrences are laid out over two of the longest periods after the latest anchor, which covers every gap pattern
 * of schedules whose periods divide each other (all that Azure Backup for AKS allows: 4/6/8/12 h, daily, weekly).
 */
export function longestScheduleGapMs(intervals: readonly string[]): number | undefined {
  const parsed = intervals.map(parseRepeatingInterval).filter((i): i is RepeatingInterval => i !== undefined);
  if (parsed.length === 0) return undefined;
  if (parsed.length === 1) return parsed[0]?.periodMs;
  const longest = Math.max(...parsed.map((i) => i.periodMs));
  const from = Math.max(...parsed.map((i) => i.anchor.getTime()));
  const to = from + 2 * longest;
  const times: number[] = [];
  for (const { anchor, periodMs } of parsed) {
    const first = anchor.getTime() + Math.ceil((from - anchor.getTime()) / periodMs) * periodMs;
    for (let t = first; t <= to; t += periodMs) times.push(t);
  }
  times.sort((a, b) => a - b);
  let gap = 0;
  for (let i = 1; i < times.length; i++) gap = Math.max(gap, (times[i] ?? 0) - (times[i - 1] ?? 0));
  return gap > 0 ? gap : longest;
}
