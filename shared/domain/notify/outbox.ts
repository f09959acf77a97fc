// The outbox protocol over the book (pure): claim what is due, then settle each claimed entry as sent (removed: it
// can never be sent again) or failed (kept, retried later with exponential backoff). Claims are leases, so a run
// that dies mid-send gives its entries back when the lease lapses, and two runs never hold the same entry.
import type { Channel, NotifyBook, OutboxEntry } from '../incidents/book.js';

export interface ClaimOptions {
  readonly channel: Channel;
  readonly runId: string;
  readonly leaseMs: number;
  /** At most this many entries per run (the rest stay due for the next run). */
  readonly limit: number;
}

const isClaimed = (e: OutboxEntry, now: number): boolean =>
  e.claimedBy !== null && e.claimedUntil !== null && Date.parse(e.claimedUntil) > now;

/**
 * Claims due entries of one channel, oldest first. Per incident, entries are claimed in order and only up to the
 * first one that is not due (waiting out a backoff, or claimed by another run): messages about one incident arrive
 * in the order they were decided (opened before resolved), even across failures.
 */
export function claimDue(book: NotifyBook, now: Date, o: ClaimOptions): { book: NotifyBook; claimed: OutboxEntry[] } {
  const t = now.getTime();
  const until = new Date(t + o.leaseMs).toISOString();
  const blocked = new Set<string>();
  const take = new Set<string>();
  for (const e of [...book.outbox].sort(byCreated)) {
    if (e.channel !== o.channel || blocked.has(e.incident.id)) continue;
    if (Date.parse(e.nextAttemptAt) > t || isClaimed(e, t) || take.size >= o.limit) {
      blocked.add(e.incident.id);
      continue;
    }
    take.add(e.id);
  }
  if (take.size === 0) return { book, claimed: [] };
  const outbox = book.outbox.map((e) => (take.has(e.id) ? { ...e, claimedBy: o.runId, claimedUntil: until } : e));
  return { book: { ...book, outbox }, claimed: outbox.filter((e) => take.has(e.id)).sort(byCreated) };
}

export interface SendResult {
  readonly id: string;
  /** undefined = sent. */
  readonly error?: string;
  /** Not attempted (an earlier message about the same incident failed): give the claim back, count no attempt. */
  readonly released?: boolean;
}

export interface Backoff {
  readonly baseMs: number;
  readonly maxMs: number;
}

/** base, 2×base, 4×base, … capped at max: a sink that is down is asked less and less often, but never given up on. */
export const retryDelay = (attempts: number, b: Backoff): number => Math.min(b.maxMs, b.baseMs * 2 ** Math.max(0, attempts - 1));

/** Applies results of entries this run claimed; an entry whose claim another run now holds is left alone. */
export function settle(book: NotifyBook, runId: string, results: readonly SendResult[], now: Date, backoff: Backoff): NotifyBook {
  const byId = new Map(results.map((r) => [r.id, r]));
  const outbox: OutboxEntry[] = [];
  for (const e of book.outbox) {
    const r = byId.get(e.id);
    if (!r || e.claimedBy !== runId) {
      outbox.push(e);
      continue;
    }
    if (r.released) {
      outbox.push({ ...e, claimedBy: null, claimedUntil: null });
      continue;
    }
    if (r.error === undefined) continue; // sent: gone for good
    const attempts = e.attempts + 1;
    outbox.push({
      ...e,
      attempts,
      lastError: r.error.slice(0, 500),
      nextAttemptAt: new Date(now.getTime() + retryDelay(attempts, backoff)).toISOString(),
      claimedBy: null,
      claimedUntil: null,
    });
  }
  return { ...book, outbox };
}

const byCreated = (a: OutboxEntry, b: OutboxEntry): number =>
  a.createdAt.localeCompare(b.createdAt) || a.incident.sequence - b.incident.sequence || a.id.localeCompare(b.id);
