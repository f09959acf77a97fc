// THE catalog of CloudEvents the app publishes to its Event Grid topic: every type, who sends it, what its subject
// is, when it fires and the shape of its data. The builder and the parser (cloudEvent.ts) and the README table
// (docs.ts) all come from here, so a type cannot exist in one place and not the other.
//
// Conventions (CloudEvents 1.0):
// - `type`: Autopilot.<Area>.<Fact>, e.g. Autopilot.Rpo.Breached, Autopilot.Backup.JobFailed, Autopilot.Rerun.Succeeded.
// - `source`: /autopilot/<function that detected it>.
// - `subject`: the ARM id of the backup instance, or blob://<source name> for a blob-landed backup source.
// - `id`: stable per underlying fact (a hash of type, subject and the fact's own instant), so a re-publish after a
//   crash carries the same id and consumers can drop duplicates.
// - `datacontenttype`: application/json.
import { z } from 'zod';
import { armIdProblem, parseBackupInstanceId, parseBackupJobId } from '../domain/armId.js';

export const EVENT_SOURCES = {
  rpoCheckTimer: '/autopilot/rpoCheckTimer',
  jobWatchTimer: '/autopilot/jobWatchTimer',
  jobLogsTimer: '/autopilot/jobLogsTimer',
  alertIngest: '/autopilot/alertIngest',
  remediateBackupFailure: '/autopilot/remediateBackupFailure',
} as const;

const SUBJECT_RPO = 'ARM id of the backup instance, or `blob://<source name>`';
const SUBJECT_INSTANCE = 'ARM id of the backup instance';
/** Job outcomes come from three detectors; each stamps its own source (the default is the Resource Graph one). */
const DETECTOR_SOURCES = [EVENT_SOURCES.jobLogsTimer, EVENT_SOURCES.alertIngest] as const;

/** A job's ARM id, or its bare name (one segment): it keys state blobs, so no dot segments or broken escapes. */
const jobIdField = z.string().refine((v) => (v.includes('/') ? parseBackupJobId(v) !== undefined : v !== '' && !armIdProblem(v)), {
  message: 'must be a backup job ARM id or a job name',
});

const verdict = z.enum(['ok', 'at-risk', 'breached', 'unknown']);

/** The data of every RPO state change: the new verdict with what it is based on, and the one it replaces. */
const rpoChange = <V extends 'ok' | 'at-risk' | 'breached'>(now: V) =>
  z.object({
    verdict: z.literal(now).describe('the new verdict (`breached`, `at-risk` or `ok`, by type)'),
    previousVerdict: verdict
      .exclude(['unknown'])
      .nullable()
      .describe('the last known verdict before it (`null` the first time the subject is seen; `unknown` never counts)'),
    reason: z.string().describe('why, in words (age, target, newer backups that do not count)'),
    targetRpo: z.string().nullable().describe('the target as an ISO 8601 duration (`null` when the subject has none)'),
    latestRecoveryPoint: z.string().nullable().describe('newest restorable recovery point or backup (RFC 3339), `null` if none'),
    ageSeconds: z.number().int().nullable().describe('its age when judged'),
    kind: z.enum(['backupInstance', 'blobSource']).describe('`backupInstance` or `blobSource`'),
    name: z.string().describe('backup instance or blob source name'),
    vault: z.string().nullable().describe('backup vault name (`null` for blob sources)'),
    cluster: z.string().nullable().describe('AKS cluster name, or the blob location for blob sources'),
  });

/** Where the instance lives, on every backup and remediation event, so a consumer needs no lookup to say it. */
const place = {
  name: z.string().describe('backup instance name'),
  vault: z.string().nullable().describe('backup vault name, when known'),
  cluster: z.string().nullable().describe('AKS cluster name, when known'),
};

/** A backup job that ended, as one of the detectors saw it. */
const jobOutcome = z.object({
  ...place,
  jobId: jobIdField.describe('ARM id of the job (or its name when the detector only knows that)'),
  operation: z.enum(['Backup', 'Restore']).describe('`Backup` or `Restore`'),
  trigger: z.enum(['scheduled', 'adhoc', 'unknown']).describe('scheduled by the policy, or on demand (`adhoc`, e.g. our re-run)'),
  status: z.string().describe('the job status as Azure reported it, verbatim (`Failed`, `Completed`, `Succeeded`, …)'),
  startTime: z.string().nullable().describe('job start (RFC 3339)'),
  endTime: z.string().nullable().describe('job end (RFC 3339)'),
  errorCode: z.string().nullable().describe('first error code of a failed job'),
  errorMessage: z.string().nullable().describe('its message'),
  isRetryable: z.boolean().nullable().describe("the service's own retry hint, when given"),
  isUserError: z.boolean().nullable().describe("the service's user-error flag, when given"),
  detector: z.enum(['resource-graph', 'log-analytics', 'azure-monitor-alert']).describe('which detector saw it'),
});

/** A sliding-window threshold crossed in Log Analytics (seed thresholds: success < 95 %, duration > 30 min, restore success < 99 %). */
const thresholdBreach = z.object({
  ...place,
  metric: z.enum(['backupSuccessRate', 'backupDurationSeconds', 'restoreSuccessRate']).describe('which measure'),
  value: z.number().describe('its value over the window'),
  threshold: z.number().describe('the configured limit it crossed'),
  window: z.string().describe('the sliding window (ISO 8601 duration)'),
  windowEnd: z.string().describe('end of the window (RFC 3339)'),
  sampleSize: z.number().int().describe('jobs in the window'),
});

/** What a re-run of a failed backup came to. */
const rerunOutcome = z.object({
  ...place,
  failedJobId: jobIdField.describe('the failed job that was re-run'),
  rerunJobId: jobIdField.describe('the on-demand job started for it'),
  attempt: z.number().int().describe('re-runs of this instance today, this one included'),
  budget: z.number().int().describe('re-runs allowed per instance per UTC day'),
  errorCode: z.string().nullable().describe('error code of the re-run when it failed'),
  errorMessage: z.string().nullable().describe('its message'),
});

/** Re-running will not help (or may not happen): a person has to act. */
const remediationStop = z.object({
  ...place,
  failedJobId: jobIdField.describe('the failed job that could not be re-run'),
  errorCode: z.string().nullable().describe('its error code'),
  errorMessage: z.string().nullable().describe('its message'),
  rule: z.string().describe('the decision rule (a row of the failure table, or `budget`)'),
  why: z.string().describe('why, in words'),
  used: z.number().int().describe('re-runs of this instance used today'),
  budget: z.number().int().describe('re-runs allowed per instance per UTC day'),
  resetsAt: z.string().nullable().describe('when the budget resets (RFC 3339), for an exhausted budget'),
});

export type SubjectKind = 'backupInstance' | 'backupInstanceOrBlob';

export interface CatalogEntry {
  /** Name of the data shape, shared by types with the same data (the README documents each shape once). */
  readonly shape: string;
  /** The default `source`; a publisher may stamp one of `otherSources` instead. */
  readonly source: string;
  readonly otherSources?: readonly string[];
  /** The subject, in words (README). */
  readonly subject: string;
  /** What the subject must be: a backup instance's ARM id, or (RPO changes) that or `blob://<source name>`. */
  readonly subjectKind: SubjectKind;
  readonly when: string;
  readonly data: z.ZodType<Readonly<Record<string, unknown>>>;
}

export const EVENT_CATALOG = {
  'Autopilot.Rpo.Breached': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    subjectKind: 'backupInstanceOrBlob',
    when: 'the verdict becomes `breached` (newest restorable point older than the target)',
    data: rpoChange('breached'),
  },
  'Autopilot.Rpo.AtRisk': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    subjectKind: 'backupInstanceOrBlob',
    when: 'the verdict becomes `at-risk` (from `ok`, or back down from `breached`)',
    data: rpoChange('at-risk'),
  },
  'Autopilot.Rpo.Recovered': {
    shape: 'RpoChange',
    source: EVENT_SOURCES.rpoCheckTimer,
    subject: SUBJECT_RPO,
    subjectKind: 'backupInstanceOrBlob',
    when: 'the verdict returns to `ok` from `at-risk` or `breached` (also across `unknown` ticks)',
    data: rpoChange('ok'),
  },
  'Autopilot.Backup.JobFailed': {
    shape: 'JobOutcome',
    source: EVENT_SOURCES.jobWatchTimer,
    otherSources: DETECTOR_SOURCES,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'a backup or restore job of an AKS backup instance ended `Failed` (id from the job id, so every detector agrees)',
    data: jobOutcome,
  },
  'Autopilot.Backup.JobSucceeded': {
    shape: 'JobOutcome',
    source: EVENT_SOURCES.jobWatchTimer,
    otherSources: DETECTOR_SOURCES,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'a backup or restore job ended `Completed` (also written `Succeeded` or `Success`) or `CompletedWithWarnings`',
    data: jobOutcome,
  },
  'Autopilot.Backup.ThresholdBreached': {
    shape: 'ThresholdBreach',
    source: EVENT_SOURCES.jobLogsTimer,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'a sliding-window threshold over `AddonAzureBackupJobs` is crossed (once per instance, metric and window)',
    data: thresholdBreach,
  },
  'Autopilot.Rerun.Succeeded': {
    shape: 'RerunOutcome',
    source: EVENT_SOURCES.remediateBackupFailure,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'the on-demand backup started for a failed one completed',
    data: rerunOutcome,
  },
  'Autopilot.Rerun.Failed': {
    shape: 'RerunOutcome',
    source: EVENT_SOURCES.remediateBackupFailure,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'the on-demand backup started for a failed one failed too',
    data: rerunOutcome,
  },
  'Autopilot.Remediation.Exhausted': {
    shape: 'RemediationStop',
    source: EVENT_SOURCES.remediateBackupFailure,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: "the instance's re-run budget for the UTC day is spent and its backup still fails",
    data: remediationStop,
  },
  'Autopilot.Remediation.Escalated': {
    shape: 'RemediationStop',
    source: EVENT_SOURCES.remediateBackupFailure,
    subject: SUBJECT_INSTANCE,
    subjectKind: 'backupInstance',
    when: 'the failure is one a re-run cannot fix (permissions, extension, quota, not protected, …)',
    data: remediationStop,
  },
} as const satisfies Record<string, CatalogEntry>;

export type AutopilotEventType = keyof typeof EVENT_CATALOG;
export type EventData<T extends AutopilotEventType> = z.output<(typeof EVENT_CATALOG)[T]['data']>;

export const EVENT_TYPES = Object.keys(EVENT_CATALOG) as AutopilotEventType[];

export const isEventType = (type: string): type is AutopilotEventType => Object.hasOwn(EVENT_CATALOG, type);

/** Blob source names as RPO_BLOB_SOURCES allows them (shared/config/monitor.ts). */
const BLOB_SUBJECT = /^blob:\/\/[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/**
 * Why `subject` is not a subject of `type`, or undefined. With `watchedSubscriptions`, an instance must also be in
 * one of them: handlers act on the subject (ARM calls, state keys, incidents), so a foreign one is dropped here.
 */
export function subjectProblem(type: AutopilotEventType, subject: string, watchedSubscriptions?: readonly string[]): string | undefined {
  const kind: SubjectKind = EVENT_CATALOG[type].subjectKind;
  if (kind === 'backupInstanceOrBlob' && subject.startsWith('blob://')) {
    return BLOB_SUBJECT.test(subject) ? undefined : 'must be blob://<source name> (letters, digits, ".", "_", "-")';
  }
  const instance = parseBackupInstanceId(subject);
  if (!instance || instance.id.length !== subject.length) {
    const problem = armIdProblem(subject);
    const what = kind === 'backupInstance' ? 'the ARM id of a backup instance' : 'the ARM id of a backup instance or blob://<source name>';
    return `must be ${what}${problem ? `; this one ${problem}` : ''}`;
  }
  if (watchedSubscriptions && !watchedSubscriptions.some((s) => s.toLowerCase() === instance.subscriptionId.toLowerCase())) {
    return `subscription ${instance.subscriptionId} is not watched (AZURE_SUBSCRIPTION_IDS)`;
  }
  return undefined;
}
