// The unattended RPO check: judge the fleet and the blob sources, compare with the verdict history kept in blob
// state, and publish one CloudEvent per state change — exactly once in effect, whatever dies when.
//
// A tick, as a reconcile step (the history document is one blob, every write If-Match on the ETag just read):
//
//   observe ─► read history ─► decide (pure) ─► WRITE 1: new verdicts + their events as `pending`, claimed by
//   this tick for CLAIM_LEASE_MS ─► publish the claimed events ─► WRITE 2: drop them from `pending`
//
// - dies before write 1: nothing happened; the next tick decides the same again.
// - dies between write 1 and the publish, or the publish fails: the events stay pending (a failed publish gives its
//   claim back at once; a dead tick's claim lapses) and a later tick publishes them — the same events, same ids.
// - dies after the publish, before write 2: a later tick publishes them again with the same ids (at-least-once
//   delivery, as Event Grid's own; consumers drop a duplicate id).
// - two ticks at once: both read the same ETag, one write wins; the other gets a ConcurrencyError, re-reads, finds
//   the change recorded and its events claimed by the winner, and has nothing left to do.
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../clock.js';
import {
  addPending,
  advance,
  claimPending,
  emptyHistory,
  parseHistory,
  releasePending,
  sameHistory,
  settlePending,
  type RpoHistory,
} from '../../domain/rpo/rpoHistory.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { BlobSourceReport } from './blobSources.js';
import { ConcurrencyError, type EventPublisher, type StateStore } from '../ports.js';
import { rpoEvent, toObservations, type FleetReport, type Observed } from './rpoMonitorEvents.js';

/**
 * The one history document for the whole fleet: one read per tick, a write only when a verdict changed, and one ETag
 * that makes a tick's decisions atomic. 5,000 subjects are ~1.3 MB (test/unit/rpoHistory.test.ts), well within what
 * a 15-minute tick reads in one GET; one document per instance would cost 5,000 reads per tick instead.
 */
export const HISTORY_KEY = 'rpo/history.json';
/** How long a tick's claim on pending events holds: well beyond one publish with its SDK retries. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/**
 * Read-decide-write rounds per step. This is optimistic concurrency, not a transport retry (those stay in the SDK
 * pipeline): each lost round means another writer made progress, which the next round builds on.
 */
const ROUNDS = 3;

export interface RpoMonitorDeps {
  readonly fleet: { run(): Promise<FleetReport> };
  readonly blobSources: { run(): Promise<readonly BlobSourceReport[]> };
  readonly store: StateStore;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly newTickId?: () => string;
}

export interface RpoMonitorResult {
  readonly observed: number;
  /** State changes this tick recorded (each with its event). */
  readonly changes: readonly { readonly subject: string; readonly type: string; readonly id: string }[];
  /** Ids this tick published: its own changes and any left pending by earlier ticks. */
  readonly published: readonly string[];
  /** Events still pending afterwards (claimed by a concurrent tick). */
  readonly pending: number;
  /** The fleet check's warnings, word for word. */
  readonly warnings: readonly string[];
}

export class RpoMonitor {
  constructor(private readonly deps: RpoMonitorDeps) {}

  async run(): Promise<RpoMonitorResult> {
    const [fleet, blobs] = await Promise.all([this.deps.fleet.run(), this.deps.blobSources.run()]);
    const observed = toObservations(fleet, blobs);
    const tick = (this.deps.newTickId ?? randomUUID)();
    const { claimed, changes, pending } = await this.record(observed, tick);
    const ids = new Set(claimed.map((p) => p.id));
    if (ids.size > 0) {
      try {
        await this.deps.publisher.publish(claimed.map((p) => p.event as unknown as AutopilotCloudEvent));
      } catch (e) {
        // Give the claim back so the next tick publishes at once; if even that fails, the lease lapses.
        await this.update((h) => releasePending(h, ids, tick)).catch(() => undefined);
        throw e;
      }
      await this.update((h) => settlePending(h, ids));
    }
    return { observed: observed.length, changes, published: [...ids], pending: pending - ids.size, warnings: fleet.warnings ?? [] };
  }

  /** Write 1: the new verdicts, their events, and this tick's claim on every pending event nobody holds. */
  private async record(observed: readonly Observed[], tick: string) {
    for (let round = 1; ; round++) {
      const now = this.deps.clock.now();
      const doc = await this.deps.store.read(HISTORY_KEY);
      const before = doc ? parseHistory(doc.value) : emptyHistory();
      const { history: advanced, changes } = advance(before, observed, now);
      const bySubject = new Map(observed.map((o) => [o.subject.toLowerCase(), o]));
      const events = changes.map((c) => rpoEvent(c, bySubject.get(c.subject.toLowerCase())!, now));
      const { history: next, claimed } = claimPending(
        addPending(
          advanced,
          events.map((e) => ({ id: e.id, event: e as unknown as Readonly<Record<string, unknown>> })),
        ),
        tick,
        now,
        CLAIM_LEASE_MS,
      );
      const recorded = {
        claimed,
        changes: events.map((e) => ({ subject: e.subject, type: e.type, id: e.id })),
        pending: next.pending.length,
      };
      if (doc && sameHistory(before, next)) return { ...recorded, changes: [] };
      try {
        if (doc) await this.deps.store.replace(HISTORY_KEY, next, doc.etag);
        else await this.deps.store.create(HISTORY_KEY, next);
        return recorded;
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || round >= ROUNDS) throw e;
      }
    }
  }

  /** Write 2 (and the release): a read-modify-write of the pending list; a document that vanished has nothing to update. */
  private async update(change: (h: RpoHistory) => RpoHistory): Promise<void> {
    for (let round = 1; ; round++) {
      const doc = await this.deps.store.read(HISTORY_KEY);
      if (!doc) return;
      const before = parseHistory(doc.value);
      const next = change(before);
      if (sameHistory(before, next)) return;
      try {
        await this.deps.store.replace(HISTORY_KEY, next, doc.etag);
        return;
      } catch (e) {
        if (!(e instanceof ConcurrencyError) || round >= ROUNDS) throw e;
      }
    }
  }
}
