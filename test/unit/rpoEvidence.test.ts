import { describe, expect, it } from 'vitest';
import type { RpoTarget } from '../../shared/domain/rpo/rpo.js';
import {
  confirmationNeeded,
  fastPoint,
  lastScheduledSlot,
  type ConfirmInput,
  type FastFacts,
} from '../../shared/domain/rpo/rpoEvidence.js';
import type { ScheduleFact } from '../../shared/domain/rpo/rpoTarget.js';

const MIN = 60_000;
const H = 60 * MIN;
const now = new Date('2026-11-21T12:30:00Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
/** Slots at 02:00, 06:00, 10:00, 14:00 … UTC: the last one before `now` is 10:00, 2 h 30 min ago. */
const every4h: ScheduleFact = { ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/PT4H'] };
const target: RpoTarget = { ms: 3 * H, source: 'cluster-tag', detail: 'cluster tag rpo=PT3H' }; // at-risk from 2 h 24 min

const input = (fast: Partial<FastFacts>, over: Partial<ConfirmInput> = {}): ConfirmInput => ({
  now,
  target,
  protectionActive: true,
  fast: { lastSuccess: undefined, lastJob: undefined, lastUnsettled: undefined, ...fast },
  schedule: every4h,
  atRiskShare: 0.8,
  marginMs: 15 * MIN,
  ...over,
});
/** The 10:00 job started at 10:02 and completed. */
const settled = { lastSuccess: ago(2.5 * H - 2 * MIN), lastJob: ago(2.5 * H - 2 * MIN) };

describe('confirmationNeeded', () => {
  it.each([
    ['well inside the target: Resource Graph suffices', { lastSuccess: ago(H), lastJob: ago(H) }, {}, undefined],
    ['just under the margin below the at-risk line', { lastSuccess: ago(2 * H + 8 * MIN), lastJob: ago(H) }, {}, undefined],
    ['near the at-risk line but the last slot’s job is known', settled, {}, undefined],
    ['over target, the last slot’s job failed and is known', { lastSuccess: ago(9 * H), lastJob: ago(2.5 * H - 2 * MIN) }, {}, undefined],
    [
      'no job for the last slot yet',
      { lastSuccess: ago(6.5 * H), lastJob: ago(6.5 * H) },
      {},
      'no job for the backup scheduled at 2026-11-21T10:00:00.000Z',
    ],
    ['a newer job still running', { ...settled, lastUnsettled: ago(MIN), lastJob: ago(MIN) }, {}, 'no final outcome'],
    ['an older unsettled job does not count', { ...settled, lastUnsettled: ago(30 * H) }, {}, undefined],
    ['no completed job at all', { lastJob: ago(H) }, {}, 'lists no completed backup job'],
    ['nothing at all', {}, {}, 'lists no completed backup job'],
    ['a completed job in the future (clock skew)', { lastSuccess: new Date(now.getTime() + 5 * MIN) }, {}, 'clock skew'],
    ['near the target with no schedule', settled, { schedule: undefined }, 'schedule is unknown'],
    [
      'near the target with an unreadable schedule',
      settled,
      { schedule: { ruleName: 'x', repeatingTimeIntervals: ['nope'] } },
      'could not be read',
    ],
    [
      'inactive protection: unknown whatever the points say',
      { lastSuccess: ago(30 * H), lastJob: ago(30 * H) },
      { protectionActive: false },
      undefined,
    ],
    ['inactive protection but no fast data: read for the newest point', {}, { protectionActive: false }, 'lists no completed backup job'],
    ['no target: never read', {}, { target: { ms: null, source: 'instance-tag', detail: 'x' } }, undefined],
  ] as const)('%s', (_label, fast, over, expected) => {
    const why = confirmationNeeded(input(fast, over));
    if (expected === undefined) expect(why).toBeUndefined();
    else expect(why).toContain(expected);
  });

  it('treats the margin as the start of "near"', () => {
    const atLine = 2.4 * H - 15 * MIN; // 80 % of 3 h minus 15 min
    expect(confirmationNeeded(input({ lastSuccess: ago(atLine - 1000), lastJob: ago(6 * H) }))).toBeUndefined();
    expect(confirmationNeeded(input({ lastSuccess: ago(atLine), lastJob: ago(6 * H) }))).toContain('no job for the backup');
  });
});

describe('fastPoint', () => {
  it('vouches for the newest completed job as a Completed point', () =>
    expect(fastPoint({ lastSuccess: ago(H), lastJob: undefined, lastUnsettled: undefined }, now)).toEqual({
      time: ago(H),
      state: 'Completed',
    }));
  it('distrusts a job in the future', () =>
    expect(fastPoint({ lastSuccess: ago(-H), lastJob: undefined, lastUnsettled: undefined }, now)).toBeUndefined());
});

describe('lastScheduledSlot', () => {
  it.each([
    ['the latest 4-hourly slot', every4h, '2026-11-21T10:00:00.000Z'],
    ['a slot exactly now', { ruleName: 'x', repeatingTimeIntervals: ['R/2026-11-21T12:30:00+00:00/P1D'] }, '2026-11-21T12:30:00.000Z'],
    [
      'the latest of several intervals',
      { ruleName: 'x', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/P1D', 'R/2026-01-01T11:00:00+00:00/P1D'] },
      '2026-11-21T11:00:00.000Z',
    ],
    ['none before an anchor in the future', { ruleName: 'x', repeatingTimeIntervals: ['R/2027-01-01T00:00:00Z/PT4H'] }, undefined],
    ['none for text that is not an interval', { ruleName: 'x', repeatingTimeIntervals: ['daily'] }, undefined],
  ] as const)('%s', (_label, schedule, expected) => expect(lastScheduledSlot(schedule, now)?.toISOString()).toBe(expected));
});
