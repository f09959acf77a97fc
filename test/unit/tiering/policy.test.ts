import { describe, expect, it } from 'vitest';
import { isoWeek, KeepSet } from '../../../shared/domain/tiering/keep.js';
import { parseTieringPolicy } from '../../../shared/domain/tiering/policy.js';
import { rehydrationEstimateMs, STANDARD_REHYDRATION_MS } from '../../../shared/domain/tiering/tiers.js';

describe('tiering policy per source', () => {
  it('reads the seed policy with defaults (keep the newest 3, Archive allowed where the RTO permits)', () =>
    expect(parseTieringPolicy({ coolAfterDays: 30, archiveAfterDays: 90, deleteAfterDays: 365 }, '[0].tiering')).toEqual({
      policy: { coolAfterDays: 30, archiveAfterDays: 90, deleteAfterDays: 365, keepNewest: 3, archive: true },
    }));
  it.each([
    [{ coolAfterDays: 90, archiveAfterDays: 30 }, '[0].tiering.archiveAfterDays (30) must be later than coolAfterDays (90)'],
    [{ deleteAfterDays: 1.5 }, '[0].tiering.deleteAfterDays: expected whole days 0 … 36500'],
    [{ keepNewest: 0 }, '[0].tiering.keepNewest: expected a whole number ≥ 1 (the newest backup is never touched)'],
    [{ archive: 'yes' }, '[0].tiering.archive: expected true or false'],
    [
      { coolAfter: 30 },
      '[0].tiering.coolAfter: unknown field (expected coolAfterDays, coldAfterDays, archiveAfterDays, deleteAfterDays, keepNewest, gfs, archive)',
    ],
    [{ gfs: { yearly: 1 } }, '[0].tiering.gfs.yearly: unknown field (expected daily, weekly, monthly)'],
    [[], '[0].tiering: expected an object'],
  ])('refuses %j naming the field', (raw, error) => expect(parseTieringPolicy(raw, '[0].tiering')).toEqual({ error }));
});

describe('the keep set', () => {
  const now = new Date('2026-12-02T12:00:00Z');
  const day = 86_400_000;
  it('keeps the newest K in any arrival order', () => {
    const keep = new KeepSet(2, undefined, now);
    for (const [n, age] of [
      ['c', 3],
      ['a', 1],
      ['d', 4],
      ['b', 2],
    ] as const)
      keep.add(n, new Date(now.getTime() - age * day));
    expect(['a', 'b', 'c', 'd'].map((n) => keep.protection(n)?.kind)).toEqual(['newest', 'newest', undefined, undefined]);
  });
  it('daily 30 days, monthly 12 months (the seeds’ retention table): the newest of each day and month', () => {
    const keep = new KeepSet(1, { daily: 30, weekly: 0, monthly: 12 }, now);
    const add = (n: string, iso: string): void => keep.add(n, new Date(iso));
    add('today', '2026-12-02T01:00:00Z');
    add('nov20-early', '2026-11-20T01:00:00Z');
    add('nov20-late', '2026-11-20T13:00:00Z');
    add('jun-a', '2026-06-03T00:00:00Z');
    add('jun-b', '2026-06-28T00:00:00Z');
    add('2025-nov', '2025-11-15T00:00:00Z');
    expect(keep.protection('nov20-late')?.reason).toBe('kept by the daily rotation (2026-11-20)');
    expect(keep.protection('nov20-early')).toBeUndefined();
    expect(keep.protection('jun-b')?.reason).toBe('kept by the monthly rotation (2026-06)');
    expect(keep.protection('jun-a')).toBeUndefined();
    expect(keep.protection('2025-nov')).toBeUndefined();
  });
  it.each([
    ['2026-12-02', '2026-W49'],
    ['2021-01-03', '2020-W53'],
    ['2024-12-30', '2025-W01'],
  ])('ISO week of %s is %s', (day, week) => expect(isoWeek(new Date(`${day}T00:00:00Z`))).toBe(week));
});

describe('rehydration estimate', () => {
  it('High priority: at least an hour, then 10 GiB an hour per account; a blob of 10 GB or more waits the Standard 15 h', () => {
    expect(rehydrationEstimateMs(1e9, 1e9)).toBe(3_600_000);
    expect(rehydrationEstimateMs(40 * 1024 ** 3, 5e9)).toBe(4 * 3_600_000);
    expect(rehydrationEstimateMs(11e9, 11e9)).toBe(STANDARD_REHYDRATION_MS);
  });
});
