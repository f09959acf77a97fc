// The outbox protocol (shared/domain/notify/outbox.ts) entry by entry: which entries a run claims (its channel, due,
// not held by another run, oldest first, up to its limit, in order per incident) and what a send result does to them.
import { describe, expect, it } from 'vitest';
import type { Channel, NotifyBook, OutboxEntry } from '../../shared/domain/incidents/book.js';
import { claimDue, settle } from '../../shared/domain/notify/outbox.js';
import { sampleEntry, sampleIncident } from './incidentFixtures.js';

const T0 = new Date('2026-11-21T10:00:00.000Z');
const at = (s: number) => new Date(T0.getTime() + s * 1000).toISOString();
const backoff = { baseMs: 60_000, maxMs: 3600_000 };
const opts = (over: Partial<{ channel: Channel; runId: string; leaseMs: number; limit: number }> = {}) => ({
  channel: 'teams' as const,
  runId: 'run-a',
  leaseMs: 300_000,
  limit: 100,
  ...over,
});
const entry = (id: string, over: Partial<OutboxEntry> & { incidentId?: string; sequence?: number } = {}): OutboxEntry => {
  const { incidentId = `inc-${id}`, sequence = 1, ...rest } = over;
  return sampleEntry({
    id,
    channel: 'teams',
    incident: sampleIncident({ id: incidentId, sequence }),
    createdAt: at(0),
    nextAttemptAt: at(0),
    ...rest,
  });
};
const book = (...outbox: OutboxEntry[]): NotifyBook => ({ version: 1, incidents: [], outbox });
const ids = (entries: readonly OutboxEntry[]) => entries.map((e) => e.id);

describe('claiming', () => {
  it('claims only its own channel, leasing each entry to this run', () => {
    const r = claimDue(book(entry('t'), entry('m', { channel: 'email' })), T0, opts());
    expect(ids(r.claimed)).toEqual(['t']);
    expect(r.book.outbox.map((e) => [e.id, e.claimedBy, e.claimedUntil])).toEqual([
      ['t', 'run-a', at(300)],
      ['m', null, null],
    ]);
  });

  it('takes the oldest first, up to its limit; the rest stay due for the next run', () => {
    const b = book(entry('new', { createdAt: at(30) }), entry('old', { createdAt: at(10) }), entry('mid', { createdAt: at(20) }));
    expect(ids(claimDue(b, T0, opts({ limit: 2 })).claimed)).toEqual(['old', 'mid']);
    expect(ids(claimDue(b, T0, opts({ limit: 1 })).claimed)).toEqual(['old']);
    expect(ids(claimDue(b, T0, opts({ limit: 3 })).claimed)).toEqual(['old', 'mid', 'new']);
  });

  it('orders messages decided at the same instant by their number, then by id', () => {
    const b = book(
      entry('c', { incidentId: 'x', sequence: 2 }),
      entry('b', { incidentId: 'y', sequence: 1 }),
      entry('a', { incidentId: 'z', sequence: 1 }),
    );
    expect(ids(claimDue(b, T0, opts()).claimed)).toEqual(['a', 'b', 'c']);
  });

  it('waits out a backoff, and holds back later messages about the same incident behind it', () => {
    const b = book(
      entry('first', { incidentId: 'x', nextAttemptAt: at(60), attempts: 1 }),
      entry('second', { incidentId: 'x', sequence: 2, createdAt: at(1) }),
      entry('other', { incidentId: 'y' }),
    );
    expect(ids(claimDue(b, T0, opts()).claimed)).toEqual(['other']);
    expect(ids(claimDue(b, new Date(at(60)), opts()).claimed)).toEqual(['first', 'other', 'second']);
  });

  it.each<[string, Partial<OutboxEntry>, boolean]>([
    ['held by another run until later', { claimedBy: 'run-b', claimedUntil: at(1) }, false],
    ['whose lease ends right now', { claimedBy: 'run-b', claimedUntil: at(0) }, true],
    ['whose lease lapsed', { claimedBy: 'run-b', claimedUntil: at(-1) }, true],
    ['released (no owner, a stale end time)', { claimedBy: null, claimedUntil: at(600) }, true],
    ['with an owner but no end time', { claimedBy: 'run-b', claimedUntil: null }, true],
  ])('an entry %s is claimable: %s', (_what, over, claimable) =>
    expect(ids(claimDue(book(entry('e', over)), T0, opts()).claimed)).toEqual(claimable ? ['e'] : []),
  );

  it('leaves the book as it is when nothing is due (so nothing is written)', () => {
    const b = book(entry('later', { nextAttemptAt: at(1) }), entry('mail', { channel: 'email' }));
    const r = claimDue(b, T0, opts());
    expect(r.claimed).toEqual([]);
    expect(r.book).toBe(b);
  });
});

describe('settling', () => {
  it('keeps a failed entry with its error cut to 500 characters and the next attempt after the backoff', () => {
    const claimed = claimDue(book(entry('e', { attempts: 2 })), T0, opts()).book;
    const after = settle(claimed, 'run-a', [{ id: 'e', error: 'x'.repeat(2_000) }], T0, backoff);
    expect(after.outbox).toHaveLength(1);
    const e = after.outbox[0]!;
    expect(e.lastError).toHaveLength(500);
    expect(e).toMatchObject({ attempts: 3, nextAttemptAt: at(240), claimedBy: null, claimedUntil: null });
  });

  it('leaves entries without a result, and entries it does not hold, as they are', () => {
    const claimed = claimDue(book(entry('mine'), entry('theirs', { claimedBy: 'run-b', claimedUntil: at(600) })), T0, opts()).book;
    const after = settle(claimed, 'run-a', [{ id: 'theirs' }], T0, backoff);
    expect(after.outbox).toEqual(claimed.outbox);
  });
});
