// The notification book: every incident and every notification not yet sent, in ONE blob document. One document
// means one ETag: recording an incident change and queueing its messages is a single conditional write, so no crash
// can leave an incident changed without its message queued (or a message queued for a change that never happened).
import type { Incident, ProblemKind } from './types.js';

export type Channel = 'teams' | 'email';
export type MessageKind = 'opened' | 'updated' | 'reminder' | 'resolved';

/** A message waiting to be sent: written before the send, removed once the channel accepted it. */
export interface OutboxEntry {
  /** `<incident id>#<sequence>-<channel>`: unique, and stable across retries (the email operation id derives from it). */
  readonly id: string;
  readonly channel: Channel;
  readonly message: MessageKind;
  /** The incident as it was when the message was queued: a retry sends exactly what was decided then. */
  readonly incident: Incident;
  readonly createdAt: string;
  readonly attempts: number;
  readonly nextAttemptAt: string;
  /** Last failure, already redacted (never a webhook URL). */
  readonly lastError: string | null;
  readonly claimedBy: string | null;
  readonly claimedUntil: string | null;
}

export interface NotifyBook {
  readonly version: 1;
  /** At most one per (subject, kind): the open one, or the last resolved one (kept RESOLVED_RETENTION_MS). */
  readonly incidents: readonly Incident[];
  readonly outbox: readonly OutboxEntry[];
}

/** Resolved incidents are kept this long, so a late or redelivered event about them is recognised as stale. */
export const RESOLVED_RETENTION_MS = 7 * 24 * 3600_000;

export const emptyBook = (): NotifyBook => ({ version: 1, incidents: [], outbox: [] });

/** Reads a stored document; anything unrecognisable is an error (never silently an empty book: that would re-notify). */
export function parseBook(value: unknown): NotifyBook {
  const v = value as Partial<NotifyBook> | undefined;
  if (!v || v.version !== 1 || !Array.isArray(v.incidents) || !Array.isArray(v.outbox)) {
    throw new Error('notify book: unrecognised document (expected version 1 with incidents and outbox)');
  }
  return { version: 1, incidents: v.incidents, outbox: v.outbox };
}

export const sameKey = (i: Incident, subject: string, kind: ProblemKind): boolean =>
  i.kind === kind && i.subject.toLowerCase() === subject.toLowerCase();

export function findIncident(book: NotifyBook, subject: string, kind: ProblemKind): Incident | undefined {
  return book.incidents.find((i) => sameKey(i, subject, kind));
}

export function putIncident(book: NotifyBook, incident: Incident): NotifyBook {
  const others = book.incidents.filter((i) => !sameKey(i, incident.subject, incident.kind));
  return { ...book, incidents: [...others, incident] };
}

/** Queues one entry per channel for the incident as it is now. */
export function queue(book: NotifyBook, incident: Incident, message: MessageKind, channels: readonly Channel[], now: Date): NotifyBook {
  const at = now.toISOString();
  // The snapshot needs what a message shows, not the dedup memory: the book stays small with many entries waiting.
  const snapshot: Incident = { ...incident, eventIds: [] };
  const entries = channels.map((channel): OutboxEntry => ({
    id: `${incident.id}#${incident.sequence}-${channel}`,
    channel,
    message,
    incident: snapshot,
    createdAt: at,
    attempts: 0,
    nextAttemptAt: at,
    lastError: null,
    claimedBy: null,
    claimedUntil: null,
  }));
  return { ...book, outbox: [...book.outbox, ...entries] };
}

/** Drops resolved incidents past retention. */
export function prune(book: NotifyBook, now: Date): NotifyBook {
  const cutoff = now.getTime() - RESOLVED_RETENTION_MS;
  const incidents = book.incidents.filter((i) => i.state === 'open' || Date.parse(i.resolvedAt ?? i.updatedAt) >= cutoff);
  return incidents.length === book.incidents.length ? book : { ...book, incidents };
}

/**
 * Reminders for incidents open and unmentioned for `everyMs`: each is queued once and its clock restarts, so a
 * reminder is decided exactly once per period however many ticks run.
 */
export function remind(book: NotifyBook, now: Date, everyMs: number, channels: readonly Channel[]): { book: NotifyBook; reminded: number } {
  let next = book;
  let reminded = 0;
  for (const i of book.incidents) {
    if (i.state !== 'open' || now.getTime() - Date.parse(i.notifiedAt) < everyMs) continue;
    const updated: Incident = { ...i, notifiedAt: now.toISOString(), reminders: i.reminders + 1, sequence: i.sequence + 1 };
    next = queue(putIncident(next, updated), updated, 'reminder', channels, now);
    reminded++;
  }
  return { book: next, reminded };
}
