// Builders for the incident unit tests: events through the app's own builder, so they match the catalog.
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import type { OutboxEntry } from '../../shared/domain/incidents/book.js';
import type { Incident } from '../../shared/domain/incidents/types.js';

export const SUBJECT =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv-prod/backupInstances/orders';
const place = { name: 'orders', vault: 'bv-prod', cluster: 'aks-prod' };

export function rpoEvent(
  type: 'Autopilot.Rpo.Breached' | 'Autopilot.Rpo.AtRisk' | 'Autopilot.Rpo.Recovered',
  at: string,
  targetRpo = 'PT4H',
): AutopilotCloudEvent {
  const verdict = type === 'Autopilot.Rpo.Breached' ? 'breached' : type === 'Autopilot.Rpo.AtRisk' ? 'at-risk' : 'ok';
  return buildEvent(type, {
    subject: SUBJECT,
    time: new Date(at),
    factKey: at,
    data: {
      ...place,
      verdict,
      previousVerdict: null,
      reason: `verdict ${verdict}`,
      targetRpo,
      latestRecoveryPoint: '2026-11-20T00:00:00.000Z',
      ageSeconds: 18_000,
      kind: 'backupInstance',
    },
  } as never) as AutopilotCloudEvent;
}

export function jobEvent(type: 'Autopilot.Backup.JobFailed' | 'Autopilot.Backup.JobSucceeded', at: string, n: number): AutopilotCloudEvent {
  const jobId = `${SUBJECT.replace(/\/backupInstances\/.*/, '')}/backupJobs/job-${n}`;
  return buildEvent(type, {
    subject: SUBJECT,
    time: new Date(at),
    factKey: jobId,
    data: {
      ...place,
      jobId,
      operation: 'Backup',
      trigger: 'scheduled',
      status: type === 'Autopilot.Backup.JobFailed' ? 'Failed' : 'Completed',
      startTime: at,
      endTime: at,
      errorCode: type === 'Autopilot.Backup.JobFailed' ? 'UserErrorSnapshotFailed' : null,
      errorMessage: type === 'Autopilot.Backup.JobFailed' ? 'Snapshot of the persistent volume failed.' : null,
      isRetryable: null,
      isUserError: null,
      detector: 'resource-graph',
    },
  });
}

/** A fully populated incident for card and email rendering. */
export function sampleIncident(over: Partial<Incident> = {}): Incident {
  return {
    id: 'rpo:abc',
    subject: SUBJECT,
    kind: 'rpo',
    state: 'open',
    severity: 'critical',
    facts: {
      ...place,
      status: 'breached',
      summary: 'newest recovery point is PT12H28M53S old, over the PT15M target',
      targetRpo: 'PT15M',
      latestRecoveryPoint: '2026-11-20T23:02:11.000Z',
      ageSeconds: 44_933,
      jobId: `${SUBJECT.replace(/\/backupInstances\/.*/, '')}/backupJobs/job-7`,
      errorCode: 'UserErrorExtensionMSIMissingPermissions',
      errorMessage: 'The backup extension identity is missing permissions on the storage account.',
      rerunsUsed: 2,
      rerunBudget: 3,
    },
    openedAt: '2026-11-21T09:00:00.000Z',
    updatedAt: '2026-11-21T09:00:00.000Z',
    resolvedAt: null,
    notifiedAt: '2026-11-21T09:00:00.000Z',
    reminders: 0,
    sequence: 1,
    resolution: null,
    lastEventAt: '2026-11-21T09:00:00.000Z',
    eventIds: ['e1'],
    ...over,
  };
}

/** An outbox entry waiting to be sent, as queued at 10:00: the sample incident's opening email unless told otherwise. */
export function sampleEntry(over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 'rpo:abc#1-email',
    channel: 'email',
    message: 'opened',
    incident: sampleIncident(),
    createdAt: '2026-11-21T10:00:00.000Z',
    attempts: 0,
    nextAttemptAt: '2026-11-21T10:00:00.000Z',
    lastError: null,
    claimedBy: null,
    claimedUntil: null,
    ...over,
  };
}
