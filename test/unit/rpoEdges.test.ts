// The RPO rules at their edges: policy schedules as Azure writes them (ISO 8601 repeating intervals), tier tables,
// protection states without a verdict, the instant boundaries of the fast (Resource Graph) evidence, target details,
// and the stored verdict history read back field by field.
import { describe, expect, it } from 'vitest';
import { judgeRpo, type RpoTarget } from '../../shared/domain/rpo/rpo.js';
import { confirmationNeeded, fastPoint, type ConfirmInput, type FastFacts } from '../../shared/domain/rpo/rpoEvidence.js';
import {
  addPending,
  advance,
  claimPending,
  emptyHistory,
  parseHistory,
  sameHistory,
  type RpoHistory,
} from '../../shared/domain/rpo/rpoHistory.js';
import { resolveTarget, targetFromPolicy, type ScheduleFact, type TargetRules } from '../../shared/domain/rpo/rpoTarget.js';
import { longestScheduleGapMs, parseRepeatingInterval } from '../../shared/domain/rpo/schedule.js';
import { DEFAULT_TIERS, parseTierTable } from '../../shared/domain/rpo/tiers.js';

const MIN = 60_000;
const H = 60 * MIN;

describe('policy schedules', () => {
  it.each([
    ['padded', '  R/2025-01-01T02:00:00+00:00/PT4H\n', 4 * H],
    ['lower-case r with a count', 'r12/2025-01-01T02:00:00Z/PT6H', 6 * H],
  ])('reads a %s interval', (_what, text, periodMs) => expect(parseRepeatingInterval(text)?.periodMs).toBe(periodMs));

  it.each([
    ['no R', 'P/2025-01-01T02:00:00Z/PT4H'],
    ['text before R', 'XR/2025-01-01T02:00:00Z/PT4H'],
    ['text after the count', 'R5x/2025-01-01T02:00:00Z/PT4H'],
    ['a fourth part', 'R/2025-01-01T02:00:00Z/PT4H/extra'],
    ['a zero period', 'R/2025-01-01T02:00:00Z/PT0S'],
  ])('refuses %s', (_what, text) => expect(parseRepeatingInterval(text)).toBeUndefined());

  it('a policy listing the same time twice still promises its period', () =>
    expect(longestScheduleGapMs(['R/2025-01-01T02:00:00Z/P1D', 'R/2025-01-01T02:00:00Z/P1D'])).toBe(24 * H));

  it('daily at 02:00 and every other day at 08:00: the longest gap is the day without 08:00', () =>
    expect(longestScheduleGapMs(['R/2025-01-01T02:00:00Z/P1D', 'R/2025-01-01T08:00:00Z/P2D'])).toBe(24 * H));
});

describe('tier tables', () => {
  it('refuses a tier name that does not start with a letter or digit', () =>
    expect(parseTierTable('-Critical=PT15M')).toEqual({ error: '"-Critical=PT15M" is not Name=<ISO 8601 duration> or Name=none' }));

  it('the built-in table is Critical 15 min, Production 1 h, Standard 1 day, Development none', () =>
    expect([...DEFAULT_TIERS.values()]).toEqual([
      { name: 'Critical', targetMs: 15 * MIN },
      { name: 'Production', targetMs: H },
      { name: 'Standard', targetMs: 24 * H },
      { name: 'Development', targetMs: null },
    ]));
});

describe('verdicts without a target comparison', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const target: RpoTarget = { ms: 4 * H, source: 'default', detail: 'default' };
  const judge = (state: string | undefined) =>
    judgeRpo({
      now,
      target,
      protection: { state },
      newest: { time: new Date(now.getTime() - H), state: 'Completed' },
      rules: { atRiskShare: 0.8 },
    });

  it.each([
    ['SoftDeleting', 'the instance is being deleted (SoftDeleting)'],
    [undefined, 'protection state is Unknown; backups are not being taken'],
    ['SomethingNew', 'protection state is SomethingNew; backups are not being taken'],
  ])('protection %s is unknown: %s', (state, reason) => expect(judge(state)).toMatchObject({ verdict: 'unknown', reason }));
});

describe('fast evidence at the instant boundaries', () => {
  const now = new Date('2026-11-21T12:30:00Z');
  const ago = (ms: number): Date => new Date(now.getTime() - ms);
  const every4h: ScheduleFact = { ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/PT4H'] };
  const input = (fast: Partial<FastFacts>): ConfirmInput => ({
    now,
    target: { ms: 3 * H, source: 'cluster-tag', detail: 'cluster tag rpo=PT3H' },
    protectionActive: true,
    fast: { lastSuccess: undefined, lastJob: undefined, lastUnsettled: undefined, ...fast },
    schedule: every4h,
    atRiskShare: 0.8,
    marginMs: 15 * MIN,
  });

  it('a backup that started at this very instant counts', () =>
    expect(fastPoint({ lastSuccess: now, lastJob: now, lastUnsettled: undefined }, now)).toEqual({ time: now, state: 'Completed' }));

  // The 10:00 slot's job, 2 h 30 min ago: near the at-risk line of a 3 h target.
  const slot = ago(2.5 * H);
  it('the slot’s job starting exactly at the slot is the slot’s job', () =>
    expect(confirmationNeeded(input({ lastSuccess: slot, lastJob: slot }))).toBeUndefined());

  it('an unsettled job that started with the counted one is not newer', () =>
    expect(confirmationNeeded(input({ lastSuccess: slot, lastJob: slot, lastUnsettled: slot }))).toBeUndefined());
});

describe('target details', () => {
  const rules: TargetRules = { graceMs: H, defaultTargetMs: 24 * H, rpoTagName: 'rpo', tierTagName: 'backup-tier', tiers: DEFAULT_TIERS };

  it('quotes a padded rpo tag trimmed', () =>
    expect(resolveTarget({ instanceTags: { rpo: ' PT30M ' } }, rules)).toEqual({
      ms: 30 * MIN,
      source: 'instance-tag',
      detail: 'instance tag rpo=PT30M',
    }));

  it('lists every tag it skipped, one after the other', () =>
    expect(resolveTarget({ instanceTags: { rpo: 'soon' }, clusterTags: { 'backup-tier': 'Gold' } }, rules).detail).toBe(
      'default target (policy has no backup schedule); ignored: instance tag rpo="soon" is not a positive ISO 8601 duration such as PT4H; ' +
        'cluster tag backup-tier="Gold" is not a tier: Critical (PT15M), Production (PT1H), Standard (P1D), Development (none)',
    ));

  it('names an unreadable schedule', () =>
    expect(targetFromPolicy({ ruleName: 'BackupDaily', repeatingTimeIntervals: ['bad', 'worse'] }, H, 24 * H).detail).toBe(
      'default target (schedule bad, worse could not be read)',
    ));
});

describe('the stored verdict history, field by field', () => {
  const T0 = new Date('2026-11-21T10:00:00Z');
  const valid = (): RpoHistory => {
    const observed = advance(
      emptyHistory(),
      [
        { subject: 'a', verdict: 'ok', targetRpo: null },
        { subject: 'b', verdict: 'at-risk', targetRpo: 'PT4H' },
        { subject: 'c', verdict: 'breached' },
        { subject: 'd', verdict: 'unknown' },
      ],
      T0,
    ).history;
    const withPending = addPending(observed, [
      { id: 'e1', event: { id: 'e1' } },
      { id: 'e2', event: { id: 'e2' } },
    ]);
    // One claimed, one not: both shapes are stored.
    return {
      ...withPending,
      pending: [
        claimPending({ ...withPending, pending: withPending.pending.slice(0, 1) }, 't', T0, MIN).claimed[0]!,
        withPending.pending[1]!,
      ],
    };
  };

  it('reads back every verdict, a breached last-known one, a null target, claimed and unclaimed events', () => {
    const h = valid();
    const b = {
      ...h,
      subjects: { ...h.subjects, c: { verdict: 'unknown' as const, since: T0.toISOString(), lastKnown: 'breached' as const } },
    };
    expect(parseHistory(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });

  const bad = (what: string) => `the stored RPO history is not valid (${what}); fix or delete the document`;
  it.each<[string, unknown, string]>([
    ['null', null, 'version must be 1'],
    ['a list', [], 'version must be 1'],
    ['subjects as a list', { version: 1, subjects: [], pending: [] }, 'subjects must be an object'],
    ['pending as an object', { version: 1, subjects: {}, pending: {} }, 'pending must be an array'],
    ['a subject that is text', { version: 1, subjects: { a: 'ok' }, pending: [] }, 'subjects["a"]'],
    ['a subject that is null', { version: 1, subjects: { a: null }, pending: [] }, 'subjects["a"]'],
    ['a subject that is a list', { version: 1, subjects: { a: ['ok'] }, pending: [] }, 'subjects["a"]'],
    [
      'a verdict that is a number',
      { version: 1, subjects: { a: { verdict: 1, since: 'x', lastKnown: null } }, pending: [] },
      'subjects["a"]',
    ],
    ['no since', { version: 1, subjects: { a: { verdict: 'ok', lastKnown: null } }, pending: [] }, 'subjects["a"]'],
    [
      'a last-known verdict that is a number',
      { version: 1, subjects: { a: { verdict: 'ok', since: 'x', lastKnown: 2 } }, pending: [] },
      'subjects["a"].lastKnown',
    ],
    [
      'a last-known verdict not in the list',
      { version: 1, subjects: { a: { verdict: 'ok', since: 'x', lastKnown: 'fine' } }, pending: [] },
      'subjects["a"].lastKnown',
    ],
    ['a pending entry that is text', { version: 1, subjects: {}, pending: ['e1'] }, 'pending[0]'],
    ['a pending entry that is null', { version: 1, subjects: {}, pending: [null] }, 'pending[0]'],
    [
      'a pending id that is a number',
      { version: 1, subjects: {}, pending: [{ id: 1, event: {}, claimedBy: null, claimedUntil: null }] },
      'pending[0]',
    ],
    [
      'a pending event that is text',
      { version: 1, subjects: {}, pending: [{ id: 'e1', event: 'e1', claimedBy: null, claimedUntil: null }] },
      'pending[0]',
    ],
    [
      'a pending event that is a list',
      { version: 1, subjects: {}, pending: [{ id: 'e1', event: [], claimedBy: null, claimedUntil: null }] },
      'pending[0]',
    ],
    [
      'a claim owner that is a number',
      { version: 1, subjects: {}, pending: [{ id: 'e1', event: {}, claimedBy: 1, claimedUntil: null }] },
      'pending[0]',
    ],
    [
      'a claim end that is a number',
      { version: 1, subjects: {}, pending: [{ id: 'e1', event: {}, claimedBy: null, claimedUntil: 1 }] },
      'pending[0]',
    ],
  ])('refuses %s, naming it', (_what, value, what) => expect(() => parseHistory(value)).toThrow(bad(what)));

  it('a released event with a stale claim end is claimable again', () => {
    const h: RpoHistory = {
      version: 1,
      subjects: {},
      pending: [{ id: 'e1', event: {}, claimedBy: null, claimedUntil: '2099-01-01T00:00:00Z' }],
    };
    expect(claimPending(h, 'tick', T0, MIN).claimed.map((p) => p.id)).toEqual(['e1']);
  });

  it('tells two histories apart by content', () => {
    const h = valid();
    expect(sameHistory(h, JSON.parse(JSON.stringify(h)) as RpoHistory)).toBe(true);
    expect(sameHistory(h, { ...h, pending: [] })).toBe(false);
  });
});
