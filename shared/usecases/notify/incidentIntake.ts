// An Autopilot event in, the incident book updated and its messages queued in ONE conditional write, then the Teams
// messages sent right away. The outbox stays the source of truth: whatever this send misses, the outbox timer sends.
// Email waits for the timer on purpose, so a burst of events becomes one digest instead of a burst of emails.
import type { Clock } from '../../clock.js';
import { applyEvent, type Applied } from '../../domain/incidents/apply.js';
import { signalsOf } from '../../domain/incidents/fromEvent.js';
import { knownTarget, needsTarget, withTarget } from '../../domain/incidents/target.js';
import { parseHistory, targetOf, type RpoHistory } from '../../domain/rpo/rpoHistory.js';
import { eventJobsProblem } from '../../domain/remediation/eventTrust.js';
import { parseCloudEvent } from '../../events/cloudEvent.js';
import type { NotificationOutbox, DrainResult } from './notificationOutbox.js';
import { updateBook } from './notifyBook.js';
import type { StateStore } from '../ports.js';
import { HISTORY_KEY } from '../rpo/rpoMonitor.js';

/** How long the RPO history read for targets is reused: targets change with tags and policies, not from event to event. */
const TARGETS_TTL_MS = 5 * 60_000;

export type IntakeResult =
  | { readonly ignored: string }
  | { readonly eventId: string; readonly outcomes: Applied['outcomes']; readonly queued: number; readonly teams: DrainResult | null };

export class IncidentIntake {
  private targets: { readonly at: number; readonly history: RpoHistory } | undefined;

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
    // Only claims that cost no ARM call are checked here (this runs for every event); the text the event carries is
    // shown literally (shared/domain/notify/inertText.ts), and acting on a failure re-reads it (remediation).
    const jobs = eventJobsProblem(event);
    if (jobs !== undefined) return { ignored: jobs };
    const signals = signalsOf(event);
    if (signals.length === 0) return { ignored: `${event.type}: nothing to notify` };
    const channels = this.deps.outbox.channels;
    const recorded = needsTarget(signals) ? (await this.targetLookup())(event.subject) : undefined;
    const applied = await updateBook(
      this.deps.store,
      () => this.deps.clock.now(),
      (book, now) => {
        const r = applyEvent(book, event, withTarget(signals, recorded ?? knownTarget(book, event.subject)), now, channels);
        return { book: r.book, result: r };
      },
    );
    const teams = applied.queued > 0 ? await this.deps.outbox.drain('teams') : null;
    return { eventId: event.id, outcomes: applied.outcomes, queued: applied.queued, teams };
  }

  /**
   * Subject → target from the RPO timer's history, reused for TARGETS_TTL_MS once read. A history that is missing or
   * cannot be read gives no target (the incident is ranked by its problem alone) rather than holding the message back.
   */
  private async targetLookup(): Promise<(subject: string) => string | null | undefined> {
    const now = this.deps.clock.now().getTime();
    if (this.targets && now - this.targets.at <= TARGETS_TTL_MS) return (subject) => targetOf(this.targets!.history, subject);
    try {
      const doc = await this.deps.store.read(HISTORY_KEY);
      if (!doc) return () => undefined;
      const history = parseHistory(doc.value);
      this.targets = { at: now, history };
      return (subject) => targetOf(history, subject);
    } catch {
      return () => undefined;
    }
  }
}
