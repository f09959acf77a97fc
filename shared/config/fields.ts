// Reusable setting parsers: each turns an environment string into a typed value or an issue naming what is wrong.
import { Cron } from 'croner';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An endpoint URL: https, or plain http on loopback only (the simulated estate, Azurite). */
export const url = (what: string) =>
  z
    .string()
    .trim()
    // URL.canParse too: "https://" alone passes the prefix test and made a later `new URL` throw a bare TypeError.
    .refine((v) => (/^https:\/\//i.test(v) || /^http:\/\/(127\.0\.0\.1|localhost)(:|\/|$)/i.test(v)) && URL.canParse(v), {
      message: `${what} must be an https:// URL (plain http only on loopback)`,
    });

/** A positive ISO 8601 duration, parsed to milliseconds. */
export const duration = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === undefined || ms <= 0) {
        ctx.addIssue({ code: 'custom', message: `"${v}" is not a positive ISO 8601 duration such as PT1H or P1D` });
        return z.NEVER;
      }
      return ms;
    });

/** A comma/semicolon/space separated list. */
export const csv = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(/[,;\s]+/)
      .map((s) => s.trim())
      .filter(Boolean),
  );

export const int = (fallback: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(fallback);

const TIMESPAN = /^(\d+\.)?\d{1,2}:\d{1,2}:\d{1,2}$/;

/**
 * A timer schedule as the Functions host accepts it: NCRONTAB (6 fields with seconds, or 5; always UTC on Flex) or a
 * TimeSpan hh:mm:ss. Timers bind their schedule as %NAME%, so a bad value is caught here rather than by the host
 * refusing to index the function.
 */
export const timerSchedule = (fallback: string) =>
  z
    .string()
    .trim()
    .default(fallback)
    .refine(
      (v) => {
        if (TIMESPAN.test(v)) return true;
        try {
          new Cron(v, { paused: true, mode: '5-or-6-parts', timezone: 'UTC' });
          return true;
        } catch {
          return false;
        }
      },
      { message: `must be an NCRONTAB expression such as "${fallback}" (UTC) or a TimeSpan such as "00:15:00"` },
    );
