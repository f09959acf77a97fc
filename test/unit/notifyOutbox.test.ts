import { describe, expect, it } from 'vitest';
import { applyEvent } from '../../shared/domain/incidents/apply.js';
import { emptyBook } from '../../shared/domain/incidents/book.js';
import { signalsOf } from '../../shared/domain/incidents/fromEvent.js';
import { claimDue, retryDelay, settle } from '../../shared/domain/notify/outbox.js';
import { rpoEvent } from './incidentFixtures.js';

const T0 = new Date('2026-11-21T10:00:00.000Z');
const backoff = { baseMs: 60_000, maxMs: 3600_000 };
const opts = (runId: string) => ({ channel: 'teams' as const, runId, leaseMs: 300_000, limit: 100 });
function opened() {
  let b = emptyBook();
  for (const [type, at] of [
    ['Autopilot.Rpo.Breached', '2026-11-21T08:00:00.000Z'],
    ['Autopilot.Rpo.Recovered', '2026-11-21T09:00:00.000Z'],
  ] as const) {
    const e = rpoEvent(type, at);
    b = applyEvent(b, e, signalsOf(e), T0, ['teams']).book;
  }
  return b;
}

describe('outbox', () => {
  it('claims due entries in order; a second run finds them claimed until the lease lapses', () => {
    const a = claimDue(opened(), T0, opts('a'));
    expect(a.claimed.map((e) => e.message)).toEqual(['opened', 'resolved']);
    expect(claimDue(a.book, T0, opts('b')).claimed).toEqual([]);
    expect(claimDue(a.book, new Date(T0.getTime() + 300_001), opts('b')).claimed).toHaveLength(2);
  });

  it('removes a sent entry for good and retries a failed one after backoff, keeping later ones behind it', () => {
    const a = claimDue(opened(), T0, opts('a'));
    const [first, second] = a.claimed;
    const after = settle(
      a.book,
      'a',
      [
        { id: first!.id, error: 'Teams webhook https://x/…(redacted) answered 503' },
        { id: second!.id, released: true },
      ],
      T0,
      backoff,
    );
    expect(after.outbox.map((e) => [e.message, e.attempts, e.claimedBy])).toEqual([
      ['opened', 1, null],
      ['resolved', 0, null],
    ]);
    expect(claimDue(after, new Date(T0.getTime() + 59_000), opts('b')).claimed).toEqual([]);
    const later = claimDue(after, new Date(T0.getTime() + 60_000), opts('b'));
    expect(later.claimed.map((e) => e.message)).toEqual(['opened', 'resolved']);
    const done = settle(
      later.book,
      'b',
      later.claimed.map((e) => ({ id: e.id })),
      T0,
      backoff,
    );
    expect(done.outbox).toEqual([]);
  });

  it('ignores results for entries another run holds now', () => {
    const a = claimDue(opened(), T0, opts('a'));
    const b = claimDue(a.book, new Date(T0.getTime() + 400_000), opts('b'));
    const stale = settle(
      b.book,
      'a',
      a.claimed.map((e) => ({ id: e.id })),
      T0,
      backoff,
    );
    expect(stale.outbox).toHaveLength(2);
  });

  it('backs off exponentially up to the maximum', () => {
    expect([1, 2, 3, 4, 10].map((n) => retryDelay(n, backoff))).toEqual([60_000, 120_000, 240_000, 480_000, 3600_000]);
  });
});
