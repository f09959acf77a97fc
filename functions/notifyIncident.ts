// Event Grid (every Autopilot.* event): open, update or resolve the incident it is about, queue its Teams and email
// messages in the outbox (blob state), and send the Teams ones right away. Duplicates and late events change nothing.
import { app, type EventGridEvent, type InvocationContext } from '@azure/functions';
import { services } from '../shared/composition.js';
import { eventFunction } from '../shared/functionGuard.js';

export async function notifyIncident(event: EventGridEvent, context: InvocationContext): Promise<void> {
  const result = await services().incidentIntake.handle(event);
  if ('ignored' in result) {
    context.log('notify: event ignored', { reason: result.ignored });
    return;
  }
  context.log('notify: event applied', {
    eventId: result.eventId,
    outcomes: result.outcomes,
    queued: result.queued,
    teamsSent: result.teams?.sent ?? 0,
    teamsFailed: result.teams?.failed.length ?? 0,
  });
}

app.eventGrid('notifyIncident', { handler: eventFunction('notifications', notifyIncident) });
