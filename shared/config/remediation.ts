// Settings of failure detection and remediation: detector schedules and windows, the re-run budget and backoff, the
// claim expiry, how long a re-run is followed, and the Log Analytics thresholds. Every schedule is bound by a timer
// as %NAME%, so it is validated here (the host would refuse to index the function on a bad value).
import { z } from 'zod';
import { MAX_RERUNS_PER_DAY } from '../domain/remediation/budget.js';
import { duration, int, timerSchedule as schedule } from './fields.js';

export const DEFAULT_JOB_WATCH_SCHEDULE = '0 */5 * * * *';
export const DEFAULT_JOB_LOGS_SCHEDULE = '0 */15 * * * *';
export const DEFAULT_RERUN_FOLLOW_SCHEDULE = '30 */5 * * * *';

const share = (fallback: number) => z.coerce.number().gt(0).lte(1).default(fallback);

export const remediationShape = {
  REMEDIATION_RERUNS_PER_DAY: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_RERUNS_PER_DAY, {
      message: `must be 1..${MAX_RERUNS_PER_DAY}: Azure allows 10 on-demand backups per instance per UTC day and people need room for theirs`,
    })
    .default(3),
  REMEDIATION_BACKOFF_BASE: duration('PT15M'),
  REMEDIATION_BACKOFF_MAX: duration('PT4H'),
  REMEDIATION_CLAIM_EXPIRY: duration('PT10M'),
  /** Poll interval of ARM long-running operations (the on-demand backup) when the service sends no Retry-After. */
  REMEDIATION_LRO_POLL_MS: int(2000, 1, 60_000),
  RERUN_FOLLOW_SCHEDULE: schedule(DEFAULT_RERUN_FOLLOW_SCHEDULE),
  RERUN_FOLLOW_TIMEOUT: duration('PT6H'),
  JOB_WATCH_SCHEDULE: schedule(DEFAULT_JOB_WATCH_SCHEDULE),
  JOB_WATCH_LOOKBACK: duration('P1D'),
  JOB_LOGS_SCHEDULE: schedule(DEFAULT_JOB_LOGS_SCHEDULE),
  JOB_LOGS_WINDOW: duration('P1D'),
  JOB_LOGS_MIN_SAMPLES: int(3, 1, 1000),
  THRESHOLD_BACKUP_SUCCESS_RATE: share(0.95),
  THRESHOLD_BACKUP_DURATION: duration('PT30M'),
  THRESHOLD_RESTORE_SUCCESS_RATE: share(0.99),
  /** Job ids one alert may name: each is an ARM call, and a real alert names one. */
  ALERT_MAX_JOB_IDS: int(10, 1, 100),
};

type Raw = { [K in keyof typeof remediationShape]: z.output<(typeof remediationShape)[K]> };

export function remediationSection(s: Raw) {
  return {
    budget: {
      perDay: s.REMEDIATION_RERUNS_PER_DAY,
      backoffBaseMs: s.REMEDIATION_BACKOFF_BASE,
      maxBackoffMs: Math.max(s.REMEDIATION_BACKOFF_MAX, s.REMEDIATION_BACKOFF_BASE),
    },
    claimExpiryMs: s.REMEDIATION_CLAIM_EXPIRY,
    lroPollMs: s.REMEDIATION_LRO_POLL_MS,
    followSchedule: s.RERUN_FOLLOW_SCHEDULE,
    followTimeoutMs: s.RERUN_FOLLOW_TIMEOUT,
    jobWatch: { schedule: s.JOB_WATCH_SCHEDULE, lookbackMs: s.JOB_WATCH_LOOKBACK },
    jobLogs: {
      schedule: s.JOB_LOGS_SCHEDULE,
      windowMs: s.JOB_LOGS_WINDOW,
      minSamples: s.JOB_LOGS_MIN_SAMPLES,
      backupSuccessRate: s.THRESHOLD_BACKUP_SUCCESS_RATE,
      backupDurationMs: s.THRESHOLD_BACKUP_DURATION,
      restoreSuccessRate: s.THRESHOLD_RESTORE_SUCCESS_RATE,
    },
    alertMaxJobIds: s.ALERT_MAX_JOB_IDS,
  } as const;
}
