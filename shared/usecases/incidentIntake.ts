// An Autopilot event in, the incident book updated and its messages queued in ONE conditional write, then the Teams
// messages sent right away. The outbox stays the source of truth: whatever this send misses, the outbox timer sends.
// Email waits for the timer on purpose, so a burst of events becomes one digest instead of a burst of emails.
import type { Clock } from '../clock.js';
import { applyEvent, type Applied } from '../domain/incidents/apply.js';
import { signalsOf } from '../domain/incidents/fromEvent.js';
import { parseCloudEvent } from '../events/cloudEvent.js';
import type { NotificationOutbox, DrainResult } from './notificationOutbox.js';
import { updateBook } from './notifyBook.js';
import type { StateStore } from './ports.js';

export type IntakeResult =
  | { readonly ignored: string }
  | { readonly eventId: string; readonly outcomes: Applied['outcomes']; readonly queued: number; readonly teams: DrainResult | null };

export class IncidentIntake {
  constructor(
    private readonly deps: {
      readonly store: StateStore;
      readonly clock: Clock;
      readonly outbox: NotificationOutbox;
      /** Events about other subscriptions open nothing (AZURE_SUBSCRIPTION_IDS). */
      readonly watchedSubscriptions: readonly string[];
    },
  ) {}

  async handle(input: unknown): Promise<IntakeResult> {
    const parsed = parseCloudEvent(input, { watchedSubscriptions: this.deps.watchedSubscriptions });
    // A malformed or foreign event is reported and dropped: failing would make Event Grid redeliver it for a day.
    if ('error' in parsed) return { ignored: parsed.error };
    const event = parsed.value;
    const signals = signalsOf(event);
    if (signals.length === 0) return { ignored: `${event.type}: nothing to notify` };
    const channels = this.deps.outbox.channels;
    const applied = await updateBook(
      this.deps.store,
      () => this.deps.clock.now(),
      (book, now) => {
        const r = applyEvent(book, event, signals, now, channels);
        return { book: r.book, result: r };
      },
    );
    const teams = applied.queued > 0 ? await this.deps.outbox.drain('teams') : null;
    return { eventId: event.id, outcomes: applied.outcomes, queued: applied.queued, teams };
  }
}
