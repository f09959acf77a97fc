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
import { z } from 'zod';
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
import { Documents, keep, retryPolicy, write, type DocumentType } from '../../state/index.js';
import type { EventPublisher, StateStore } from '../ports.js';
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
 * The verdict history, typed: version 1 since it was first written. The top level is checked here; subjects and
 * pending events by parseHistory, the domain's own reader (a bad subject must not make the whole history unreadable
 * to the check that repairs it).
 */
export const HISTORY_DOC: DocumentType<RpoHistory> = {
  name: 'RPO verdict history',
  version: 1,
  schema: z
    .looseObject({ version: z.literal(1), subjects: z.record(z.string(), z.looseObject({})), pending: z.array(z.looseObject({})) })
    .transform((v) => parseHistory(v)),
};
/**
 * Three read-decide-write rounds per step (the primitive's jittered pauses between them): two ticks at once are the
 * only writers, and each lost round means the other made progress that the next round builds on.
 */
const HISTORY_RETRY = retryPolicy({ rounds: 3 });

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
  private readonly docs: Documents<RpoHistory>;

  constructor(private readonly deps: RpoMonitorDeps) {
    this.docs = new Documents(deps.store, HISTORY_DOC, HISTORY_RETRY);
  }

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
  private record(observed: readonly Observed[], tick: string) {
    return this.docs.update(HISTORY_KEY, (current) => {
      const now = this.deps.clock.now();
      const before = current ?? emptyHistory();
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
      return current && sameHistory(before, next) ? keep({ ...recorded, changes: [] }) : write(next, recorded);
    });
  }

  /** Write 2 (and the release): a read-modify-write of the pending list; a document that vanished has nothing to update. */
  private async update(change: (h: RpoHistory) => RpoHistory): Promise<void> {
    await this.docs.update(HISTORY_KEY, (current) => {
      if (!current) return keep(undefined);
      const next = change(current);
      return sameHistory(current, next) ? keep(undefined) : write(next, undefined);
    });
  }
}
