// When in its period an instance is drilled: a stable hash of its ARM id picks the day and the minute in the daily
// window, so a fleet's drills spread over the month (not all on day 1), the same instance lands on the same slot
// every run, and a restart or a second instance of the app computes the same plan without shared state.
import { periodBounds, periodOf, type Cadence } from './cadence.js';
import { windowMoment, type DailyWindow } from './window.js';

/** FNV-1a over the lower-cased id (ARM ids compare case-insensitively): 32 bits, well spread, no dependency. */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (const ch of text.toLowerCase()) {
    hash ^= ch.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

export interface DrillSlot {
  /** `2026-12` or `2026-Q4`: one drill per instance and period. */
  readonly period: string;
  /** When the drill of this period becomes due. */
  readonly dueAt: Date;
}

/**
 * The slot of `instanceId` in the period that holds `now`. Days are drawn from the first `spreadDays` of the period
 * (default 28, so every month has them all) and the minute from the window's length.
 */
export function drillSlot(
  instanceId: string,
  cadence: Exclude<Cadence, 'off'>,
  window: DailyWindow,
  now: Date,
  spreadDays = 28,
): DrillSlot {
  const { start, days } = periodBounds(cadence, now);
  const hash = stableHash(instanceId);
  const dayCount = Math.max(1, Math.min(spreadDays * (cadence === 'quarterly' ? 3 : 1), days));
  const day = hash % dayCount;
  // A second, independent draw for the minute: the high bits, so day and minute do not move together.
  const minute = Math.floor(((hash >>> 16) / 0x10000) * window.lengthMinutes);
  const dayDate = new Date(start.getTime() + day * 86_400_000);
  return { period: periodOf(cadence, now), dueAt: windowMoment(window, dayDate, minute) };
}
