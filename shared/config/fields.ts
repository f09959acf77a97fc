// Reusable setting parsers: each turns an environment string into a typed value or an issue naming what is wrong.
import { Cron } from 'croner';
import { z } from 'zod';
import { parseDuration } from '../domain/duration.js';

export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Loopback host names as URL.hostname spells them: localhost, 127.0.0.0/8 and [::1]. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.$/, '');
  return h === 'localhost' || h === '[::1]' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** True when `value` parses as a URL on a loopback host. */
export function isLoopbackUrl(value: string): boolean {
  const parsed = URL.parse(value);
  return parsed !== null && isLoopbackHost(parsed.hostname);
}

/**
 * What is wrong with an endpoint URL, or undefined. Never repeats the value: a webhook URL is a secret, and a
 * mistyped one is still mostly the secret. Parsed with the WHATWG parser (the one every client here uses), so that
 * what is checked is what is called: `http://127.0.0.1:1@evil.example` has the host evil.example, not loopback.
 */
export function endpointUrlProblem(value: string): string | undefined {
  const u = URL.parse(value);
  if (u === null) return 'is not a URL';
  if (u.username !== '' || u.password !== '') return 'must not carry a user name or password (…@ before the host)';
  if (u.hostname === '') return 'must name a host';
  if (u.hash !== '') return 'must not have a #fragment';
  if (u.protocol === 'https:') return undefined;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return undefined;
  return 'must be an https:// URL (plain http only on loopback, in local mode)';
}

/**
 * An endpoint URL: https, or plain http on loopback only (the simulated estate, Azurite; parseConfig further limits
 * that to AZURE_AUTH_MODE=localDev). The message names `what` and never the value.
 */
export const url = (what: string) =>
  z
    .string()
    .trim()
    .superRefine((v, ctx) => {
      const problem = endpointUrlProblem(v);
      // `input` is left out on purpose: zod would otherwise keep the (secret) value on the issue.
      if (problem) ctx.addIssue({ code: 'custom', message: `${what} ${problem}`, input: undefined });
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
