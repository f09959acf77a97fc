// One event applied to the book: open, update or resolve incidents and queue the messages that says so. Pure and
// idempotent: applying the same event twice (Event Grid redelivers) changes nothing the second time, and an event
// older than what an incident already reflects (a late retry) is stale and changes nothing either.
import { findIncident, putIncident, queue, type Channel, type MessageKind, type NotifyBook } from './book.js';
import type { Signal } from './fromEvent.js';
import { severityOf, type Incident, type IncidentFacts } from './types.js';

export interface EventRef {
  readonly id: string;
  readonly subject: string;
  /** RFC 3339: when the fact happened. */
  readonly time: string;
}

export type Outcome = 'opened' | 'updated' | 'refreshed' | 'resolved' | 'duplicate' | 'stale' | 'no incident';

export interface Applied {
  readonly book: NotifyBook;
  /** One per signal, in order. */
  readonly outcomes: readonly { readonly kind: string; readonly outcome: Outcome; readonly incidentId: string | null }[];
  readonly queued: number;
}

/** Event ids remembered per incident: far more than Event Grid redelivers, little enough to keep the book small. */
const MEMORY = 32;
const MAX_FAILED_JOBS = 20;

export function applyEvent(
  book: NotifyBook,
  event: EventRef,
  signals: readonly Signal[],
  now: Date,
  channels: readonly Channel[],
): Applied {
  let next = book;
  let queued = 0;
  const outcomes: Applied['outcomes'][number][] = [];
  for (const signal of signals) {
    const current = findIncident(next, event.subject, signal.kind);
    const r = decide(current, signal, event, now);
    outcomes.push({ kind: signal.kind, outcome: r.outcome, incidentId: r.incident?.id ?? current?.id ?? null });
    if (!r.incident) continue;
    next = putIncident(next, r.incident);
    if (r.message) {
      next = queue(next, r.incident, r.message, channels, now);
      queued += channels.length;
    }
  }
  return { book: next, outcomes, queued };
}

function decide(
  current: Incident | undefined,
  signal: Signal,
  event: EventRef,
  now: Date,
): { outcome: Outcome; incident?: Incident; message?: MessageKind } {
  if (current?.eventIds.includes(event.id)) return { outcome: 'duplicate' };
  if (current && Date.parse(event.time) < Date.parse(current.lastEventAt)) return { outcome: 'stale' };
  const seen = (i: Incident): Pick<Incident, 'eventIds' | 'lastEventAt' | 'updatedAt'> => ({
    eventIds: [...i.eventIds, event.id].slice(-MEMORY),
    lastEventAt: event.time,
    updatedAt: now.toISOString(),
  });

  if (signal.action === 'clear') {
    if (current?.state !== 'open') return { outcome: 'no incident' };
    const resolved: Incident = {
      ...current,
      ...seen(current),
      facts: mergeFacts(current.facts, signal.facts),
      state: 'resolved',
      resolvedAt: event.time,
      resolution: signal.summary,
      sequence: current.sequence + 1,
    };
    return { outcome: 'resolved', incident: resolved, message: 'resolved' };
  }

  if (current?.state !== 'open') {
    const opened: Incident = {
      id: `${signal.kind}:${event.id}`,
      subject: event.subject,
      kind: signal.kind,
      state: 'open',
      severity: severityOf(signal.kind, signal.facts.status, signal.facts.targetRpo),
      facts: signal.facts,
      openedAt: event.time,
      updatedAt: now.toISOString(),
      resolvedAt: null,
      notifiedAt: now.toISOString(),
      reminders: 0,
      sequence: 1,
      resolution: null,
      lastEventAt: event.time,
      eventIds: [event.id],
    };
    return { outcome: 'opened', incident: opened, message: 'opened' };
  }

  const facts = mergeFacts(current.facts, signal.facts);
  const severity = severityOf(signal.kind, facts.status, facts.targetRpo);
  // Only a change a person would act on differently is announced; the rest refreshes the facts for the next card.
  const announce = severity !== current.severity || facts.status !== current.facts.status;
  const updated: Incident = {
    ...current,
    ...seen(current),
    facts,
    severity,
    ...(announce ? { notifiedAt: now.toISOString(), sequence: current.sequence + 1 } : {}),
  };
  return announce ? { outcome: 'updated', incident: updated, message: 'updated' } : { outcome: 'refreshed', incident: updated };
}

/** New facts win where the event carries them; the failed-job list accumulates (newest first, bounded). */
function mergeFacts(old: IncidentFacts, add: Partial<IncidentFacts>): IncidentFacts {
  const merged: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(add)) if (v !== undefined) merged[k] = v;
  const jobs = [...(add.failedJobs ?? []), ...(old.failedJobs ?? [])];
  return { ...(merged as unknown as IncidentFacts), failedJobs: [...new Set(jobs)].slice(0, MAX_FAILED_JOBS) };
}
