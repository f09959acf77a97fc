// Timer (NOTIFY_OUTBOX_SCHEDULE, default every minute, UTC): queue reminders for long-open incidents, then send every
// due Teams and email message from the outbox, retrying earlier failures with backoff. Emails wait for this timer so
// a burst becomes one digest.
import { app, type InvocationContext, type Timer } from '@azure/functions';
import { services } from '../shared/composition.js';
import { timerFunction } from '../shared/functionGuard.js';

export async function notificationOutboxTimer(timer: Timer, context: InvocationContext): Promise<void> {
  const result = await services().notificationOutbox.tick();
  context.log('notify: outbox', {
    reminded: result.reminded,
    teamsSent: result.teams.sent,
    emailSent: result.email.sent,
    failed: [...result.teams.failed, ...result.email.failed].length,
    isPastDue: timer.isPastDue,
  });
  // Errors are already redacted by the adapters (no webhook URL); a few lines, not a flood.
  for (const f of [...result.teams.failed, ...result.email.failed].slice(0, 10)) context.warn('notify: send failed, will retry', f);
}

app.timer('notificationOutboxTimer', {
  schedule: '%NOTIFY_OUTBOX_SCHEDULE%',
  handler: timerFunction('notifications', notificationOutboxTimer),
});
