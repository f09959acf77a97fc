// Incidents and notifications built as shared/composition.ts builds them, on the fakes: IncidentIntake (an event in)
// and NotificationOutbox (the timer), over one MemoryStateStore, with the default NOTIFY_* settings.
import { readBook } from '../../shared/usecases/notify/notifyBook.js';
import { IncidentIntake } from '../../shared/usecases/notify/incidentIntake.js';
import { NotificationOutbox, type OutboxSettings } from '../../shared/usecases/notify/notificationOutbox.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import {
  HOUR,
  instanceId,
  jobArmId,
  ManualClock,
  MemoryEmailSender,
  MemoryStateStore,
  MemoryTeamsSender,
  MINUTE,
  SUBSCRIPTION,
} from '../support/fakes/index.js';

// NOTIFY_REMINDER_EVERY PT24H, NOTIFY_EMAIL_DIGEST_THRESHOLD 3, NOTIFY_TEAMS_DIGEST_THRESHOLD 10, NOTIFY_RETRY_BASE
// PT1M, NOTIFY_RETRY_MAX PT1H (shared/config/notify.ts). Only the Teams rate differs from the default (4 a second):
// the gate waits in real time, and spacing is RateGate's own unit test (test/unit/notifyRate.test.ts), not these.
export const SETTINGS: OutboxSettings = {
  portalUrl: 'https://portal.azure.com',
  reminderEveryMs: 24 * HOUR,
  digestThreshold: 3,
  teamsPerSecond: 1000,
  teamsDigestThreshold: 10,
  backoff: { baseMs: MINUTE, maxMs: HOUR },
};

export function notifyWorld() {
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const store = new MemoryStateStore();
  const teams = new MemoryTeamsSender();
  const email = new MemoryEmailSender();
  // A fresh composition per call: a new process (or instance) that shares nothing in memory but the state store.
  const app = () => {
    const outbox = new NotificationOutbox({ store, clock, teams, email, settings: SETTINGS });
    const intake = new IncidentIntake({ store, clock, outbox, watchedSubscriptions: [SUBSCRIPTION] });
    return { outbox, intake };
  };
  const place = (name: string) => ({ name, vault: 'bv-weu', cluster: `aks-${name}` });
  const jobEvent = (type: 'Autopilot.Backup.JobFailed' | 'Autopilot.Backup.JobSucceeded', name: string, n: number): AutopilotCloudEvent => {
    const jobId = jobArmId(`${name}-job-${n}`);
    const now = clock.now().toISOString();
    const failed = type === 'Autopilot.Backup.JobFailed';
    return buildEvent(type, {
      subject: instanceId(name),
      time: clock.now(),
      factKey: jobId,
      data: {
        ...place(name),
        jobId,
        operation: 'Backup',
        trigger: 'scheduled',
        status: failed ? 'Failed' : 'Completed',
        startTime: now,
        endTime: now,
        errorCode: failed ? 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount' : null,
        errorMessage: failed ? 'The backup extension could not reach the storage account.' : null,
        isRetryable: failed ? false : null,
        isUserError: failed ? true : null,
        detector: 'resource-graph',
      },
    });
  };
  return {
    clock,
    store,
    teams,
    email,
    app,
    book: () => readBook(store),
    rpo(type: 'Autopilot.Rpo.Breached' | 'Autopilot.Rpo.AtRisk' | 'Autopilot.Rpo.Recovered', name: string, point: string) {
      const verdict = type === 'Autopilot.Rpo.Breached' ? 'breached' : type === 'Autopilot.Rpo.AtRisk' ? 'at-risk' : 'ok';
      return buildEvent(type, {
        subject: instanceId(name),
        time: clock.now(),
        factKey: point,
        data: {
          ...place(name),
          verdict,
          previousVerdict: null,
          reason: `newest recovery point is ${verdict === 'ok' ? 'fresh' : 'old'}`,
          targetRpo: 'PT4H',
          latestRecoveryPoint: point,
          ageSeconds: verdict === 'breached' ? 5 * 3600 : verdict === 'at-risk' ? 3.5 * 3600 : 600,
          kind: 'backupInstance',
        },
      } as never) as AutopilotCloudEvent;
    },
    /** A failed scheduled backup (a permissions error: Azure flags it as a non-retryable user error). */
    jobFailed: (name: string, n: number) => jobEvent('Autopilot.Backup.JobFailed', name, n),
    /** A backup that completed: it clears the instance's job-failing incident. */
    jobSucceeded: (name: string, n: number) => jobEvent('Autopilot.Backup.JobSucceeded', name, n),
  };
}

/**
 * The headline of a Teams Workflows message (the first text block of its Adaptive Card) as Teams shows it: the card
 * escapes markdown (shared/domain/notify/inertText.ts) and Teams reads the escapes back.
 */
export const headline = (m: unknown): string =>
  (m as { attachments: { content: { body: { items: { text: string }[] }[] } }[] }).attachments[0]!.content.body[0]!.items[0]!.text.replace(
    /\\([!-/:-@[-`{-~])/g,
    '$1',
  );
