// The event → incident table of shared/domain/incidents/fromEvent.ts, one row per event type of the catalog: which
// incident each event raises or clears, and the facts a person is shown. Events are built with the app's own builder,
// so every row is a valid catalog event; error codes are the ones Azure Backup for AKS reports.
import { describe, expect, it } from 'vitest';
import { signalsOf, type Signal } from '../../shared/domain/incidents/fromEvent.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import type { AutopilotEventType, EventData } from '../../shared/events/catalog.js';
import { SUBJECT } from './incidentFixtures.js';

const VAULT_ID = SUBJECT.replace(/\/backupInstances\/.*/, '');
const FAILED_JOB = `${VAULT_ID}/backupJobs/4d5c2a10-failed`;
const RERUN_JOB = `${VAULT_ID}/backupJobs/9a8b7c60-rerun`;
const GOOD_JOB = `${VAULT_ID}/backupJobs/1b2c3d40-completed`;
const place = { name: 'orders', vault: 'bv-prod', cluster: 'aks-prod' };
const AT = '2026-11-21T09:00:00.000Z';

const event = <T extends AutopilotEventType>(type: T, data: EventData<T>): AutopilotCloudEvent =>
  buildEvent(type, { subject: SUBJECT, time: new Date(AT), factKey: `${type}-${JSON.stringify(data)}`, data }) as AutopilotCloudEvent;

const job = (operation: 'Backup' | 'Restore', status: string, errorCode: string | null, errorMessage: string | null) => ({
  ...place,
  jobId: status === 'Failed' ? FAILED_JOB : GOOD_JOB,
  operation,
  trigger: 'scheduled' as const,
  status,
  startTime: AT,
  endTime: AT,
  errorCode,
  errorMessage,
  isRetryable: null,
  isUserError: null,
  detector: 'resource-graph' as const,
});
const rerun = (attempt: number, errorCode: string | null) => ({
  ...place,
  failedJobId: FAILED_JOB,
  rerunJobId: RERUN_JOB,
  attempt,
  budget: 3,
  errorCode,
  errorMessage: errorCode ? 'The extension pod is not running.' : null,
});
const stop = (why: string) => ({
  ...place,
  failedJobId: FAILED_JOB,
  errorCode: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount',
  errorMessage: 'The extension identity lacks Storage Account Contributor.',
  rule: 'permissions',
  why,
  used: 1,
  budget: 3,
  resetsAt: null,
});
const rpo = <V extends 'breached' | 'at-risk' | 'ok'>(verdict: V) => ({
  ...place,
  verdict,
  previousVerdict: null,
  reason: `newest recovery point is PT5H old (${verdict})`,
  targetRpo: 'PT4H',
  latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
  ageSeconds: 18_000,
  kind: 'backupInstance' as const,
});
const clearsOfAGoodJob = (summary: string, facts: Record<string, unknown>): Signal[] =>
  (['job-failing', 'remediation-exhausted', 'threshold-breached'] as const).map((kind) => ({ action: 'clear', kind, summary, facts }));

describe('which incident an event raises or clears, with its facts', () => {
  it.each<[string, AutopilotCloudEvent, Signal[]]>([
    [
      'Rpo.Breached raises rpo, status breached',
      event('Autopilot.Rpo.Breached', rpo('breached')),
      [
        {
          action: 'raise',
          kind: 'rpo',
          facts: {
            ...place,
            status: 'breached',
            summary: 'newest recovery point is PT5H old (breached)',
            targetRpo: 'PT4H',
            latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
            ageSeconds: 18_000,
          },
        },
      ],
    ],
    [
      'Rpo.AtRisk raises rpo, status at-risk',
      event('Autopilot.Rpo.AtRisk', rpo('at-risk')),
      [
        {
          action: 'raise',
          kind: 'rpo',
          facts: {
            ...place,
            status: 'at-risk',
            summary: 'newest recovery point is PT5H old (at-risk)',
            targetRpo: 'PT4H',
            latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
            ageSeconds: 18_000,
          },
        },
      ],
    ],
    [
      'Rpo.Recovered clears rpo with the newest point at recovery',
      event('Autopilot.Rpo.Recovered', rpo('ok')),
      [
        {
          action: 'clear',
          kind: 'rpo',
          summary: 'newest recovery point is PT5H old (ok)',
          facts: { targetRpo: 'PT4H', latestRecoveryPoint: '2026-11-21T04:00:00.000Z', ageSeconds: 18_000 },
        },
      ],
    ],
    [
      'a failed Backup job raises job-failing with its error',
      event('Autopilot.Backup.JobFailed', job('Backup', 'Failed', 'UserErrorSnapshotFailed', 'Snapshot failed.')),
      [
        {
          action: 'raise',
          kind: 'job-failing',
          facts: {
            ...place,
            status: 'failing',
            summary: 'backup job failed with UserErrorSnapshotFailed',
            jobId: FAILED_JOB,
            errorCode: 'UserErrorSnapshotFailed',
            errorMessage: 'Snapshot failed.',
            failedJobs: [FAILED_JOB],
          },
        },
      ],
    ],
    [
      'a failed Backup job without an error code',
      event('Autopilot.Backup.JobFailed', job('Backup', 'Failed', null, null)),
      [
        {
          action: 'raise',
          kind: 'job-failing',
          facts: {
            ...place,
            status: 'failing',
            summary: 'backup job failed',
            jobId: FAILED_JOB,
            errorCode: null,
            errorMessage: null,
            failedJobs: [FAILED_JOB],
          },
        },
      ],
    ],
    ['a failed Restore job is left to the restore drill', event('Autopilot.Backup.JobFailed', job('Restore', 'Failed', 'X', null)), []],
    ['a completed Restore job clears nothing', event('Autopilot.Backup.JobSucceeded', job('Restore', 'Completed', null, null)), []],
    [
      'a good Backup job (Azure writes Succeeded too) clears the job, remediation and threshold incidents, error cleared',
      event('Autopilot.Backup.JobSucceeded', job('Backup', 'Succeeded', null, null)),
      clearsOfAGoodJob('a backup job completed', { jobId: GOOD_JOB, errorCode: null, errorMessage: null }),
    ],
    [
      'a failed re-run raises job-failing, status rerun failed, with attempts used of the budget',
      event('Autopilot.Rerun.Failed', rerun(2, 'UserErrorExtensionPodNotRunning')),
      [
        {
          action: 'raise',
          kind: 'job-failing',
          facts: {
            ...place,
            status: 'rerun failed',
            summary: 're-run 2 of 3 failed with UserErrorExtensionPodNotRunning',
            jobId: RERUN_JOB,
            errorCode: 'UserErrorExtensionPodNotRunning',
            errorMessage: 'The extension pod is not running.',
            rerunsUsed: 2,
            rerunBudget: 3,
            failedJobs: [RERUN_JOB],
          },
        },
      ],
    ],
    [
      'a failed re-run without an error code',
      event('Autopilot.Rerun.Failed', rerun(3, null)),
      [
        {
          action: 'raise',
          kind: 'job-failing',
          facts: {
            ...place,
            status: 'rerun failed',
            summary: 're-run 3 of 3 failed',
            jobId: RERUN_JOB,
            errorCode: null,
            errorMessage: null,
            rerunsUsed: 3,
            rerunBudget: 3,
            failedJobs: [RERUN_JOB],
          },
        },
      ],
    ],
    [
      'a good re-run clears like a good job, naming the re-run',
      event('Autopilot.Rerun.Succeeded', rerun(1, null)),
      clearsOfAGoodJob('re-run 1 of 3 completed', { jobId: RERUN_JOB, errorCode: null, errorMessage: null, rerunsUsed: 1, rerunBudget: 3 }),
    ],
    [
      'an exhausted budget raises remediation-exhausted',
      event('Autopilot.Remediation.Exhausted', stop('three re-runs today, all failed')),
      [
        {
          action: 'raise',
          kind: 'remediation-exhausted',
          facts: {
            ...place,
            status: 'budget exhausted',
            summary: 'three re-runs today, all failed',
            jobId: FAILED_JOB,
            errorCode: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount',
            errorMessage: 'The extension identity lacks Storage Account Contributor.',
            rerunsUsed: 1,
            rerunBudget: 3,
          },
        },
      ],
    ],
    [
      'an escalation raises remediation-exhausted, status needs a person',
      event('Autopilot.Remediation.Escalated', stop('a re-run cannot grant permissions')),
      [
        {
          action: 'raise',
          kind: 'remediation-exhausted',
          facts: {
            ...place,
            status: 'needs a person',
            summary: 'a re-run cannot grant permissions',
            jobId: FAILED_JOB,
            errorCode: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount',
            errorMessage: 'The extension identity lacks Storage Account Contributor.',
            rerunsUsed: 1,
            rerunBudget: 3,
          },
        },
      ],
    ],
    [
      // The seed threshold: backup success under 95 % over a day (5 of 6 jobs succeeded).
      'a success rate under its threshold raises threshold-breached, values rounded to two places',
      event('Autopilot.Backup.ThresholdBreached', {
        ...place,
        metric: 'backupSuccessRate',
        value: 5 / 6,
        threshold: 0.95,
        window: 'P1D',
        windowEnd: AT,
        sampleSize: 6,
      }),
      [
        {
          action: 'raise',
          kind: 'threshold-breached',
          facts: {
            ...place,
            status: 'breached',
            summary: 'backupSuccessRate 0.83 crossed 0.95 over P1D (6 jobs)',
            metric: 'backupSuccessRate',
          },
        },
      ],
    ],
  ])('%s', (_row, e, signals) => expect(signalsOf(e)).toEqual(signals));

  it('rounds a duration threshold to two places too (seed: a backup over 30 min)', () => {
    const e = event('Autopilot.Backup.ThresholdBreached', {
      ...place,
      metric: 'backupDurationSeconds',
      value: 2712.456,
      threshold: 1800,
      window: 'PT12H',
      windowEnd: AT,
      sampleSize: 4,
    });
    expect(signalsOf(e).map((s) => s.action === 'raise' && s.facts.summary)).toEqual([
      'backupDurationSeconds 2712.46 crossed 1800 over PT12H (4 jobs)',
    ]);
  });
});
