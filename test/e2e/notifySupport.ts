// Helpers for the notification end-to-end tests: Autopilot events built with the app's own builder, published to the
// estate's Event Grid topic with the real EventGridPublisherClient, and the Teams / email sinks read back.
import type { LocalStack } from '../../sandbox/localStack.js';
import { buildServices } from '../../shared/composition.js';
import { parseConfig } from '../../shared/config/index.js';
import type { NotifyBook } from '../../shared/domain/incidents/book.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { readBook } from '../../shared/usecases/notify/notifyBook.js';

export function helpers(stack: () => LocalStack) {
  const estate = () => stack().estate!;
  const now = () => estate().model.clock.now();
  const app = () => buildServices(parseConfig(), { clock: estate().model.clock });
  const sub = () => stack().config.subscriptionIds[0]!;
  const subject = (name: string) =>
    `/subscriptions/${sub()}/resourceGroups/rg-notify/providers/Microsoft.DataProtection/backupVaults/bv-notify/backupInstances/${name}`;
  const place = (name: string) => ({ name, vault: 'bv-notify', cluster: 'aks-notify' });
  const jobId = (name: string, n: number) => `${subject(name).replace(/\/backupInstances\/.*$/, '')}/backupJobs/${name}-job-${n}`;

  return {
    now,
    app,
    subject,
    rpo(type: 'Autopilot.Rpo.Breached' | 'Autopilot.Rpo.AtRisk' | 'Autopilot.Rpo.Recovered', name: string, factKey: string) {
      const verdict = type === 'Autopilot.Rpo.Breached' ? 'breached' : type === 'Autopilot.Rpo.AtRisk' ? 'at-risk' : 'ok';
      return buildEvent(type, {
        subject: subject(name),
        time: now(),
        factKey,
        data: {
          ...place(name),
          verdict,
          previousVerdict: null,
          reason: `newest recovery point is ${verdict === 'ok' ? 'fresh' : 'old'}`,
          targetRpo: 'PT4H',
          latestRecoveryPoint: factKey,
          ageSeconds: verdict === 'breached' ? 5 * 3600 : verdict === 'at-risk' ? 3.5 * 3600 : 600,
          kind: 'backupInstance',
        },
      } as never) as AutopilotCloudEvent;
    },
    jobFailed(name: string, n: number, errorMessage = 'The backup extension could not reach the storage account.') {
      return buildEvent('Autopilot.Backup.JobFailed', {
        subject: subject(name),
        time: now(),
        factKey: jobId(name, n),
        data: {
          ...place(name),
          jobId: jobId(name, n),
          operation: 'Backup',
          trigger: 'scheduled',
          status: 'Failed',
          startTime: now().toISOString(),
          endTime: now().toISOString(),
          errorCode: 'UserErrorExtensionMSIMissingPermissions',
          errorMessage,
          isRetryable: true,
          isUserError: true,
          detector: 'resource-graph',
        },
      });
    },
    jobSucceeded(name: string, n: number) {
      return buildEvent('Autopilot.Backup.JobSucceeded', {
        subject: subject(name),
        time: now(),
        factKey: jobId(name, n),
        data: {
          ...place(name),
          jobId: jobId(name, n),
          operation: 'Backup',
          trigger: 'adhoc',
          status: 'Completed',
          startTime: now().toISOString(),
          endTime: now().toISOString(),
          errorCode: null,
          errorMessage: null,
          isRetryable: null,
          isUserError: null,
          detector: 'resource-graph',
        },
      });
    },
    /** Publishes to the estate topic and waits until every delivery (to notifyIncident) is done. */
    async publish(events: readonly AutopilotCloudEvent[]) {
      await app().eventPublisher.publish(events);
      await estate().control.eventGrid.waitForIdle();
    },
    tick: () => stack().host.runFunction('notificationOutboxTimer'),
    teamsAbout: (name: string) =>
      estate()
        .control.sinks.teams()
        .filter((m) => JSON.stringify(m.body).includes(name)),
    emailsAbout: (name: string) =>
      estate()
        .control.sinks.emails()
        .filter((m) => `${m.subject}\n${m.plainText ?? ''}`.includes(name)),
    book: (): Promise<NotifyBook> => readBook(app().stateStore),
    /** The card's headline as Teams shows it: the card escapes markdown (inertText.ts), Teams reads the escapes back. */
    headline: (m: { body: unknown }) =>
      (
        m.body as { attachments: { content: { body: { items: { text: string }[] }[] } }[] }
      ).attachments[0]!.content.body[0]!.items[0]!.text.replace(/\\([!-/:-@[-`{-~])/g, '$1'),
  };
}
