// The planner, rule by rule: what it may never touch, what it cools, and what stops it (RTO, early deletion).
import { describe, expect, it } from 'vitest';
import { PlanTally, DEFAULT_PRICES } from '../../../shared/domain/tiering/cost.js';
import { KeepSet } from '../../../shared/domain/tiering/keep.js';
import { decide, type PlanContext, type TierBlob, type TierDecision } from '../../../shared/domain/tiering/plan.js';
import type { TieringPolicy } from '../../../shared/domain/tiering/policy.js';
import { fileRole, veleroRole } from '../../../shared/domain/tiering/roles.js';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const now = new Date('2026-12-02T00:00:00Z');
const daysAgo = (n: number): Date => new Date(now.getTime() - n * DAY);
// The seed's lifecycle policy (Cool 30 / Archive 90 / delete 365) plus Cold at 60.
const policy: TieringPolicy = {
  coolAfterDays: 30,
  coldAfterDays: 60,
  archiveAfterDays: 90,
  deleteAfterDays: 365,
  keepNewest: 3,
  archive: true,
};
const blob = (name: string, ageDays: number, extra: Partial<TierBlob> = {}): TierBlob => ({
  name,
  size: 2e9,
  tier: 'Hot',
  lastModified: daysAgo(ageDays),
  leased: false,
  legalHold: false,
  ...extra,
});

function ctx(over: Partial<PlanContext> = {}, newest: readonly [string, number][] = []): PlanContext {
  const keep = new KeepSet(over.policy?.keepNewest ?? policy.keepNewest, over.policy?.gfs, now);
  for (const [name, age] of newest) keep.add(name, daysAgo(age));
  return {
    policy,
    now,
    rtoTargetMs: 24 * HOUR,
    keep,
    archiveAvailable: true,
    referencedBy: () => undefined,
    ...over,
    ...(over.keep ? {} : { keep }),
  };
}
const file = (b: TierBlob, c: PlanContext): TierDecision => decide(b, fileRole(b.name, 'pg/', undefined), b.lastModified, c);
const velero = (b: TierBlob, c: PlanContext = ctx()): TierDecision => decide(b, veleroRole(b.name, 'backups/'), b.lastModified, c);
const action = (d: TierDecision): string => (d.action.kind === 'set-tier' ? d.action.to : d.action.kind);

describe('file backups (pg_dump, etcd): by age', () => {
  const fleet: [string, number][] = [
    ['pg/d1.dump', 1],
    ['pg/d2.dump', 2],
    ['pg/d3.dump', 3],
  ];
  it.each([
    [10, 'keep', /not old enough/],
    [30, 'Cool', /Cool after 30/],
    [60, 'Cold', /Cold after 60/],
    [90, 'Archive', /Archive after 90/],
    [365, 'delete', /delete after 365/],
  ])('%i days old → %s', (age, expected, reason) => {
    const d = file(blob(`pg/old-${age}.dump`, age), ctx({}, fleet));
    expect(action(d)).toBe(expected);
    expect(d.reason).toMatch(reason);
  });
  it('never touches the newest K backups, however old', () => {
    const c = ctx({}, [['pg/ancient.dump', 400], ...fleet.slice(0, 2)]);
    expect(file(blob('pg/ancient.dump', 400), c)).toMatchObject({ action: { kind: 'keep' }, reason: 'one of the newest 3 backups (#3)' });
  });
  it('a backup the monthly rotation keeps may cool but is never deleted', () => {
    const gfsPolicy: TieringPolicy = { ...policy, keepNewest: 1, gfs: { daily: 0, weekly: 0, monthly: 24 } };
    const c = ctx({ policy: gfsPolicy }, [
      ['pg/d1.dump', 1],
      ['pg/nov-2025.dump', 380],
    ]);
    const d = file(blob('pg/nov-2025.dump', 380), c);
    expect(action(d)).toBe('keep');
    expect(d.reason).toMatch(/monthly rotation \(2025-11\); not deleted although 380 days old/);
  });
  it('never into Archive when rehydration would break the RTO (Critical, 1 h)', () => {
    const d = file(blob('pg/old.dump', 120, { size: 50e9 }), ctx({ rtoTargetMs: HOUR }, fleet));
    expect(action(d)).toBe('Cold');
    expect(d.reason).toMatch(/rehydration \(.+ h\) would break the 1 h RTO/);
  });
  it('Archive when a High-priority rehydration still meets the RTO; best effort sources archive freely', () => {
    expect(action(file(blob('pg/old.dump', 120, { size: 5e9 }), ctx({ rtoTargetMs: 4 * HOUR }, fleet)))).toBe('Archive');
    expect(action(file(blob('pg/old.dump', 120, { size: 50e9 }), ctx({ rtoTargetMs: null }, fleet)))).toBe('Archive');
  });
  it('never Archive on a zone-redundant account, which has no Archive tier', () => {
    const d = file(blob('pg/old.dump', 120), ctx({ archiveAvailable: false }, fleet));
    expect(action(d)).toBe('Cold');
    expect(d.reason).toMatch(/ZRS/);
  });
  it('never Archive when the source turns it off', () =>
    expect(action(file(blob('pg/old.dump', 120), ctx({ policy: { ...policy, archive: false } }, fleet)))).toBe('Cold'));
  it('never into a tier whose minimum stay outlasts the remaining life (early deletion)', () => {
    // 300 days old, deleted at 365: 65 days left — Archive (180) and Cold (90) would be charged for days never used.
    const d = file(blob('pg/old.dump', 300), ctx({}, fleet));
    expect(action(d)).toBe('Cool');
    expect(d.reason).toMatch(/Archive needs 180 days but the blob is deleted in 65/);
    // 350 days: 15 left, not even Cool's 30.
    expect(action(file(blob('pg/older.dump', 350), ctx({}, fleet)))).toBe('keep');
  });
  it('does not move a blob out of Cool before its 30 days there', () => {
    const d = file(blob('pg/old.dump', 70, { tier: 'Cool', tierChangedAt: daysAgo(10) }), ctx({}, fleet));
    expect(d).toMatchObject({ action: { kind: 'keep' }, reason: expect.stringMatching(/in Cool for 10 of its 30 days/) as string });
  });
  it('never warms a backup that is already colder than its age asks', () =>
    expect(file(blob('pg/old.dump', 40, { tier: 'Cold' }), ctx({}, fleet))).toMatchObject({
      action: { kind: 'keep' },
      reason: expect.stringMatching(/already Cold/) as string,
    }));
  it('leaves blobs outside the source alone', () =>
    expect(decide(blob('other/x.dump', 400), fileRole('other/x.dump', 'pg/', undefined), daysAgo(400), ctx())).toMatchObject({
      action: { kind: 'keep' },
    }));
});

describe('what is never changed, whatever its age', () => {
  it.each<[string, Partial<TierBlob>, PlanContext, RegExp]>([
    ['leased', { leased: true }, ctx(), /leased/],
    ['under legal hold', { legalHold: true }, ctx(), /legal hold/],
    ['immutable', { immutableUntil: new Date(now.getTime() + DAY) }, ctx(), /immutable until/],
    ['rehydrating', { tier: 'Archive', archiveStatus: 'rehydrate-pending-to-hot' }, ctx(), /rehydrating/],
    ['used by a running restore drill', {}, ctx({ referencedBy: () => 'restore drill abc restores from it' }), /restore drill abc/],
  ])('%s', (_, extra, c, reason) => {
    const d = file(blob('pg/old.dump', 400, extra), c);
    expect(d.action).toEqual({ kind: 'keep' });
    expect(d.reason).toMatch(reason);
  });
  it('an immutability policy that has expired no longer protects', () =>
    expect(
      action(
        file(
          blob('pg/old.dump', 400, { immutableUntil: daysAgo(1) }),
          ctx({}, [
            ['a', 1],
            ['b', 1],
            ['c', 1],
          ]),
        ),
      ),
    ).toBe('delete'));
});

describe('Velero sources: metadata Hot, Kopia packs at most Cold, Restic never', () => {
  it.each([
    ['backups/daily-20251101/velero-backup.json', 'keep', /Velero backup metadata stays Hot/],
    ['backups/daily-20251101/daily-20251101.tar.gz', 'keep', /Velero backup metadata/],
    ['kopia/shop/p0a1b2c3d4', 'Cold', /Kopia packs never go to Archive/],
    ['kopia/shop/q0a1b2c3d4', 'keep', /Kopia repository metadata stays Hot/],
    ['kopia/shop/xn0_abc', 'keep', /Kopia repository metadata/],
    ['kopia/shop/kopia.repository', 'keep', /Kopia repository metadata/],
    ['restic/shop/data/00/abcd', 'keep', /Restic repository: never tiered/],
    ['restores/r1/restore-r1-logs.gz', 'keep', /not managed/],
  ])('%s (400 days old) → %s', (name, expected, reason) => {
    const d = velero(blob(name, 400));
    expect(action(d)).toBe(expected);
    expect(d.reason).toMatch(reason);
  });
  it('brings cooled metadata back to Hot (a lifecycle rule put it there: Velero cannot restore from it)', () =>
    expect(action(velero(blob('kopia/shop/kopia.repository', 400, { tier: 'Cool' })))).toBe('Hot'));
  it('never deletes Kopia packs (Kopia maintenance owns them)', () =>
    expect(action(velero(blob('kopia/shop/p99', 900, { tier: 'Cold' })))).toBe('keep'));
  it('reads the repository beside a nested prefix', () =>
    expect(veleroRole('stage/kopia/ns/p1', 'stage/backups/')).toEqual({ kind: 'kopia-pack' }));
});

describe('the tally', () => {
  it('counts bytes per tier before and after and prices the saving', () => {
    const tally = new PlanTally();
    const c = ctx({}, [['pg/new.dump', 1]]);
    for (const d of [file(blob('pg/new.dump', 1), c), file(blob('pg/a.dump', 100), c), file(blob('pg/b.dump', 400), c)]) tally.add(d);
    const s = tally.summary();
    expect(s.before.bytes.Hot).toBe(6e9);
    expect(s.after.bytes).toEqual({ Hot: 2e9, Cool: 0, Cold: 0, Archive: 2e9 });
    expect(s.changes).toEqual({ setTier: 1, delete: 1, kept: 1 });
    const cost = tally.cost(DEFAULT_PRICES);
    expect(cost.monthlyBefore).toBeCloseTo(6 * 0.0184, 2);
    expect(cost.monthlySaving).toBeGreaterThan(0);
    expect(cost.monthlyAfter).toBeLessThan(cost.monthlyBefore);
  });
});
