// The daily window in which drills may start (RESTORE_DRILL_WINDOW, UTC), e.g. `01:00-05:00`, or `22:00-02:00`
// across midnight. Restores load the cluster's nodes and the vault, so a team keeps them to its quiet hours.
const MINUTE = 60_000;
const DAY_MINUTES = 24 * 60;

export interface DailyWindow {
  /** Minutes after 00:00 UTC at which the window opens. */
  readonly startMinute: number;
  /** Length in minutes, 1 … 1440 (1440: all day). */
  readonly lengthMinutes: number;
}

export const ALL_DAY: DailyWindow = { startMinute: 0, lengthMinutes: DAY_MINUTES };

/** `HH:MM-HH:MM` (24 h, UTC); equal ends mean all day. The problem is named when the text is wrong. */
export function parseDailyWindow(text: string): { window: DailyWindow } | { error: string } {
  const m = /^\s*(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})\s*$/.exec(text);
  if (!m) return { error: `"${text}" is not HH:MM-HH:MM (UTC), e.g. 01:00-05:00` };
  const start = clock(m[1], m[2]);
  const end = clock(m[3], m[4]);
  if (start === undefined || end === undefined) return { error: `"${text}" has a time outside 00:00 … 23:59` };
  const length = (end - start + DAY_MINUTES) % DAY_MINUTES;
  return { window: { startMinute: start, lengthMinutes: length === 0 ? DAY_MINUTES : length } };
}

function clock(hours: string | undefined, minutes: string | undefined): number | undefined {
  const h = Number(hours);
  const min = Number(minutes);
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
}

/** Whether `at` falls inside the window (the window that opened on `at`'s day or, across midnight, the day before). */
export function inWindow(window: DailyWindow, at: Date): boolean {
  const minuteOfDay = Math.floor((at.getTime() % (DAY_MINUTES * MINUTE)) / MINUTE);
  const sinceOpen = (minuteOfDay - window.startMinute + DAY_MINUTES) % DAY_MINUTES;
  return sinceOpen < window.lengthMinutes;
}

/** The moment the window opens on the UTC day of `day`, plus `offsetMinutes` into it (clamped to the window). */
export function windowMoment(window: DailyWindow, day: Date, offsetMinutes: number): Date {
  const midnight = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate());
  const offset = Math.min(Math.max(0, Math.floor(offsetMinutes)), window.lengthMinutes - 1);
  return new Date(midnight + (window.startMinute + offset) * MINUTE);
}
