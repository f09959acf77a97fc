import { describe, expect, it } from 'vitest';
import type { Verdict } from '../../shared/domain/rpo/rpo.js';
import {
  addPending,
  advance,
  changeOf,
  claimPending,
  emptyHistory,
  parseHistory,
  releasePending,
  sameHistory,
  settlePending,
  targetOf,
  type KnownVerdict,
  type RpoChange,
  type RpoHistory,
} from '../../shared/domain/rpo/rpoHistory.js';

const T0 = new Date('2026-11-21T10:00:00Z');
const later = (minutes: number): Date => new Date(T0.getTime() + minutes * 60_000);
const A = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/A';

describe('changeOf: every last-known verdict × every observed verdict', () => {
  const table: [KnownVerdict | null, Verdict, RpoChange | undefined][] = [
    // first sight (no history, or a new subject): compared with ok
    [null, 'ok', undefined],
    [null, 'at-risk', 'at-risk'],
    [null, 'breached', 'breached'],
    [null, 'unknown', undefined],
    ['ok', 'ok', undefined],
    ['ok', 'at-risk', 'at-risk'],
    ['ok', 'breached', 'breached'],
    ['ok', 'unknown', undefined],
    ['at-risk', 'ok', 'recovered'],
    ['at-risk', 'at-risk', undefined],
    ['at-risk', 'breached', 'breached'],
    ['at-risk', 'unknown', undefined],
    ['breached', 'ok', 'recovered'],
    ['breached', 'at-risk', 'at-risk'],
    ['breached', 'breached', undefined],
    ['breached', 'unknown', undefined],
  ];
  it.each(table)('%s → %s raises %s', (from, to, expected) => expect(changeOf(from, to)).toBe(expected));
});

describe('advance', () => {
  const observe = (history: RpoHistory, verdicts: Record<string, Verdict>, at = T0) =>
    advance(
      history,
      Object.entries(verdicts).map(([subject, verdict]) => ({ subject, verdict })),
      at,
    );

  it('first run: one change per troubled subject, none for ok or unknown, everything recorded', () => {
    const { history, changes } = observe(emptyHistory(), { a: 'ok', b: 'at-risk', c: 'breached', d: 'unknown' });
    expect(changes).toEqual([
      { subject: 'b', change: 'at-risk', previous: null },
      { subject: 'c', change: 'breached', previous: null },
    ]);
    expect(history.subjects).toEqual({
      a: { verdict: 'ok', since: T0.toISOString(), lastKnown: 'ok' },
      b: { verdict: 'at-risk', since: T0.toISOString(), lastKnown: 'at-risk' },
      c: { verdict: 'breached', since: T0.toISOString(), lastKnown: 'breached' },
      d: { verdict: 'unknown', since: T0.toISOString(), lastKnown: null },
    });
  });

  it('nothing changed: no change, and the history is the same (no write)', () => {
    const first = observe(emptyHistory(), { a: 'ok', b: 'breached' }).history;
    const second = observe(first, { a: 'ok', b: 'breached' }, later(15));
    expect(second.changes).toEqual([]);
    expect(sameHistory(first, second.history)).toBe(true);
  });

  it('unknown neither raises nor clears: breached → unknown → breached is silent, → ok recovers', () => {
    let h = observe(emptyHistory(), { a: 'breached' }).history;
    const blind = observe(h, { a: 'unknown' }, later(15));
    expect(blind.changes).toEqual([]);
    expect(blind.history.subjects.a).toEqual({ verdict: 'unknown', since: later(15).toISOString(), lastKnown: 'breached' });
    h = blind.history;
    expect(observe(h, { a: 'breached' }, later(30)).changes).toEqual([]);
    expect(observe(h, { a: 'ok' }, later(30)).changes).toEqual([{ subject: 'a', change: 'recovered', previous: 'breached' }]);
  });

  it('keeps `since` while the verdict holds, and matches subjects case-insensitively (ARM ids)', () => {
    const h = observe(emptyHistory(), { [A]: 'at-risk' }).history;
    const next = observe(h, { [A.toUpperCase()]: 'at-risk' }, later(15));
    expect(next.changes).toEqual([]);
    expect(next.history.subjects[A.toLowerCase()]?.since).toBe(T0.toISOString());
  });

  it('drops subjects no longer observed, without an event; one that comes back is new', () => {
    const h = observe(emptyHistory(), { a: 'breached', b: 'ok' }).history;
    const gone = observe(h, { b: 'ok' }, later(15));
    expect(gone.changes).toEqual([]);
    expect(Object.keys(gone.history.subjects)).toEqual(['b']);
    expect(observe(gone.history, { a: 'breached', b: 'ok' }, later(30)).changes).toEqual([
      { subject: 'a', change: 'breached', previous: null },
    ]);
  });
});

describe('pending events: add, claim, release, settle', () => {
  const ev = (id: string) => ({ id, event: { id } });
  const lease = 5 * 60_000;

  it('adds each id once (the same fact is the same event)', () => {
    const h = addPending(addPending(emptyHistory(), [ev('1'), ev('2')]), [ev('2'), ev('3')]);
    expect(h.pending.map((p) => p.id)).toEqual(['1', '2', '3']);
  });

  it('claims what nobody holds; a live claim is respected, a lapsed one is taken over', () => {
    const h = addPending(emptyHistory(), [ev('1')]);
    const a = claimPending(h, 'tick-a', T0, lease);
    expect(a.claimed.map((p) => [p.id, p.claimedBy, p.claimedUntil])).toEqual([['1', 'tick-a', later(5).toISOString()]]);
    expect(claimPending(a.history, 'tick-b', later(4), lease).claimed).toEqual([]);
    const b = claimPending(a.history, 'tick-b', later(5), lease);
    expect(b.claimed.map((p) => p.claimedBy)).toEqual(['tick-b']);
  });

  it('release gives back only its own claims; settle drops published ids', () => {
    const claimed = claimPending(addPending(emptyHistory(), [ev('1'), ev('2')]), 'tick-a', T0, lease).history;
    const released = releasePending(claimed, new Set(['1']), 'tick-b');
    expect(released.pending.every((p) => p.claimedBy === 'tick-a')).toBe(true);
    const mine = releasePending(claimed, new Set(['1']), 'tick-a');
    expect(mine.pending.map((p) => p.claimedBy)).toEqual([null, 'tick-a']);
    expect(claimPending(mine, 'tick-c', T0, lease).claimed.map((p) => p.id)).toEqual(['1']);
    expect(settlePending(claimed, new Set(['1'])).pending.map((p) => p.id)).toEqual(['2']);
  });
});

describe('parseHistory', () => {
  it('reads back what was written', () => {
    const h = claimPending(
      addPending(advance(emptyHistory(), [{ subject: 'a', verdict: 'unknown' }], T0).history, [{ id: 'x', event: {} }]),
      't',
      T0,
      1,
    ).history;
    expect(parseHistory(JSON.parse(JSON.stringify(h)))).toEqual(h);
  });

  it.each([
    [null, /version/],
    [{ version: 2, subjects: {}, pending: [] }, /version/],
    [{ version: 1, subjects: [], pending: [] }, /subjects/],
    [{ version: 1, subjects: {}, pending: {} }, /pending/],
    [{ version: 1, subjects: { a: { verdict: 'fine', since: 'x', lastKnown: null } }, pending: [] }, /subjects\["a"\]/],
    [{ version: 1, subjects: { a: { verdict: 'ok', since: 'x', lastKnown: 'unknown' } }, pending: [] }, /subjects\["a"\]\.lastKnown/],
    [{ version: 1, subjects: {}, pending: [{ id: 1, event: {} }] }, /pending\[0\]/],
  ])('refuses %j rather than start over', (value, message) => expect(() => parseHistory(value)).toThrow(message));
});

describe('at fleet scale', () => {
  it('5,000 ARM-id subjects make a document of under 2 MB, advanced in well under a second', () => {
    const subjects = Array.from({ length: 5000 }, (_, i) => ({ subject: `${A}-${String(i).padStart(4, '0')}`, verdict: 'ok' as const }));
    const started = performance.now();
    const first = advance(emptyHistory(), subjects, T0).history;
    const next = advance(first, subjects, later(15));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(next.changes).toEqual([]);
    expect(sameHistory(first, next.history)).toBe(true);
    expect(Buffer.byteLength(JSON.stringify(first))).toBeLessThan(2_000_000);
  });
});

describe('targets in the history', () => {
  it("records each subject's target, keeps it when an observation does not say, and reads it back", () => {
    const first = advance(emptyHistory(), [{ subject: A, verdict: 'ok', targetRpo: 'PT15M' }], T0).history;
    expect(targetOf(first, A.toUpperCase())).toBe('PT15M');
    const same = advance(first, [{ subject: A, verdict: 'ok', targetRpo: 'PT15M' }], later(15)).history;
    expect(sameHistory(first, same)).toBe(true);
    const retargeted = advance(same, [{ subject: A, verdict: 'ok', targetRpo: null }], later(30)).history;
    expect(targetOf(retargeted, A)).toBeNull();
    expect(targetOf(advance(retargeted, [{ subject: A, verdict: 'breached' }], later(45)).history, A)).toBeNull();
    expect(targetOf(first, `${A}-unknown`)).toBeUndefined();
    expect(() =>
      parseHistory({ ...first, subjects: { a: { verdict: 'ok', since: T0.toISOString(), lastKnown: 'ok', targetRpo: 5 } } }),
    ).toThrow(/subjects\["a"\]\.targetRpo/);
  });
});
