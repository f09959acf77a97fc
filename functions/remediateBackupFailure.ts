// Event Grid (CloudEvents schema): Autopilot.Backup.JobFailed → the re-run policy (shared/usecases/remediation/remediation.ts).
// Every other type, anything that is not a valid Autopilot event (a subject outside the watched subscriptions
// included), and a JobFailed whose job ARM does not confirm as a failure of that instance, is logged and dropped:
// throwing would make Event Grid redeliver it for a day to no avail. Failures of Azure or state calls do throw, so Event Grid retries.
import { app, type InvocationContext } from '@azure/functions';
import { services } from '../shared/composition.js';
import { eventFunction } from '../shared/functionGuard.js';
import { parseCloudEvent } from '../shared/events/cloudEvent.js';

export async function remediateBackupFailure(event: unknown, context: InvocationContext): Promise<void> {
  const { config, remediator } = services();
  const parsed = parseCloudEvent(event, { watchedSubscriptions: config.subscriptionIds });
  if ('error' in parsed) return context.warn('remediation: event ignored', { error: parsed.error });
  const e = parsed.value;
  if (e.type !== 'Autopilot.Backup.JobFailed')
    return context.log('remediation: event type not handled, ignored', { type: e.type, id: e.id });
  const result = await remediator.onJobFailed(e);
  // A refused event (ARM does not back it: no such job, not failed, another instance's) is dropped, not retried.
  if (result.outcome === 'refused') return context.warn('remediation: event refused', { eventId: e.id, subject: e.subject, ...result });
  context.log('remediation', { eventId: e.id, subject: e.subject, source: e.source, ...result });
}

app.eventGrid('remediateBackupFailure', { handler: eventFunction('remediation', remediateBackupFailure) });
