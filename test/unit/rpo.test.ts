import { describe, expect, it } from 'vitest';
import {
  isProtectionActive,
  judgeRpo,
  newestRestorablePoint,
  type NoTarget,
  type RecoveryPointFact,
  type RpoTarget,
} from '../../shared/domain/rpo/rpo.js';

const H = 3_600_000;
const now = new Date('2026-11-21T12:00:00Z');
const target: RpoTarget = { ms: 5 * H, source: 'policy-schedule', detail: 'BackupHourly every PT4H + PT1H grace' };
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const point = (msAgo: number, state = 'Completed'): RecoveryPointFact => ({ time: ago(msAgo), state });
const judge = (newest: RecoveryPointFact | undefined, state = 'ProtectionConfigured', errorMessage?: string) =>
  judgeRpo({ now, target, newest, protection: { state, errorMessage }, rules: { atRiskShare: 0.8 } });

describe('judgeRpo', () => {
  it.each([
    ['fresh', 1 * H, 'ok'],
    ['just under the at-risk line', 4 * H - 1000, 'ok'],
    ['exactly at the at-risk line', 4 * H, 'at-risk'],
    ['between at-risk and target', 4.5 * H, 'at-risk'],
    ['one second under the target', 5 * H - 1000, 'at-risk'],
    ['exactly at the target', 5 * H, 'breached'],
    ['far over the target', 48 * H, 'breached'],
    ['taken this very instant', 0, 'ok'],
  ] as const)('%s → %s', (_label, age, verdict) => {
    const j = judge(point(age));
    expect(j.verdict).toBe(verdict);
    expect(j.ageSeconds).toBe(Math.floor(age / 1000));
    expect(j.latestRecoveryPoint?.getTime()).toBe(now.getTime() - age);
  });

  it.each([
    [0.5, 2.5 * H, 'at-risk'],
    [0.5, 2.5 * H - 1000, 'ok'],
    [0.95, 4.75 * H, 'at-risk'],
    [0.95, 4.7 * H, 'ok'],
  ] as const)('honours an at-risk share of %s (age %s ms → %s)', (share, age, verdict) =>
    expect(
      judgeRpo({ now, target, newest: point(age), protection: { state: 'ProtectionConfigured' }, rules: { atRiskShare: share } }).verdict,
    ).toBe(verdict),
  );

  it('explains a breach with age and target', () =>
    expect(judge(point(6 * H)).reason).toBe('newest recovery point is PT6H old, over the PT5H target'));
  it('explains at-risk with the share', () => expect(judge(point(4 * H)).reason).toContain('past 80% of the PT5H target'));
  it('explains ok with age and target', () =>
    expect(judge(point(H)).reason).toBe('newest recovery point is PT1H old, within the PT5H target'));

  it('is unknown when nothing was ever backed up', () => {
    const j = judge(undefined);
    expect(j).toMatchObject({ verdict: 'unknown', latestRecoveryPoint: null, ageSeconds: null });
    expect(j.reason).toContain('no completed recovery point');
  });

  it.each([
    ['BackupSchedulesSuspended', 'suspended'],
    ['ProtectionStopped', 'stopped'],
    ['ProtectionError', 'error'],
    ['NotProtected', 'not protected'],
    ['ConfiguringProtectionFailed', 'failed'],
    ['SoftDeleted', 'deleted'],
    ['SomethingNewFromAzure', 'not being taken'],
  ])('is unknown when protection state is %s, even with a fresh point, and says why', (state, words) => {
    const j = judge(point(H), state);
    expect(j.verdict).toBe('unknown');
    expect(j.reason).toContain(state);
    expect(j.reason).toContain(words);
    expect(j.latestRecoveryPoint).not.toBeNull();
  });

  it('keeps the protection error text in the reason', () =>
    expect(judge(point(H), 'ProtectionError', 'UserErrorExtensionMissing: extension not found').reason).toContain(
      'UserErrorExtensionMissing',
    ));
  it('says a configuring instance has no verdict yet', () =>
    expect(judge(undefined, 'ConfiguringProtection').reason).toContain('being configured'));
  it('treats a missing protection state as unknown', () =>
    expect(judgeRpo({ now, target, newest: point(H), protection: { state: undefined }, rules: { atRiskShare: 0.8 } }).verdict).toBe(
      'unknown',
    ));
  it.each(['RetentionSchedulesSuspended', 'UpdatingProtection', 'protectionconfigured'])(
    'judges instances in state %s (backups still run)',
    (state) => expect(judge(point(H), state).verdict).toBe('ok'),
  );
});

describe('judgeRpo without a target (e.g. backup-tier Development)', () => {
  const none: NoTarget = { ms: null, source: 'cluster-tag', detail: 'cluster tag backup-tier=Development' };
  const unjudged = (newest: RecoveryPointFact | undefined, state = 'ProtectionConfigured') =>
    judgeRpo({ now, target: none, newest, protection: { state }, rules: { atRiskShare: 0.8 } });

  it.each([
    ['an old point', point(90 * 24 * H), 'ProtectionConfigured'],
    ['no point at all', undefined, 'ProtectionConfigured'],
    ['a protection error', point(H), 'ProtectionError'],
  ] as const)('is ok, not judged, with %s', (_label, newest, state) => {
    const j = unjudged(newest, state);
    expect(j.verdict).toBe('ok');
    expect(j.reason).toBe('no RPO target: cluster tag backup-tier=Development (not judged)');
  });

  it('still reports the newest point and its age', () =>
    expect(unjudged(point(2 * H))).toMatchObject({ latestRecoveryPoint: ago(2 * H), ageSeconds: 7200 }));
});

describe('newestRestorablePoint', () => {
  it('picks the newest completed point', () =>
    expect(newestRestorablePoint([point(3 * H), point(H), point(2 * H)], now)?.time).toEqual(ago(H)));
  it('ignores a point in the future (clock skew)', () =>
    expect(newestRestorablePoint([point(-10 * 60_000), point(2 * H)], now)?.time).toEqual(ago(2 * H)));
  it('accepts a point taken exactly now', () => expect(newestRestorablePoint([point(0)], now)?.time).toEqual(now));
  it('ignores a point that is not Completed', () =>
    expect(newestRestorablePoint([point(H, 'Partial'), point(3 * H, 'completed')], now)?.time).toEqual(ago(3 * H)));
  it.each(['InProgress', 'Partial', 'Completed_WithWarnings', undefined])('does not count a point in state %s', (state) =>
    expect(newestRestorablePoint([{ time: ago(H), state }], now)).toBeUndefined(),
  );
  it('is undefined for no points', () => expect(newestRestorablePoint([], now)).toBeUndefined());
  it('turns a skewed-only history into "no restorable point" for the verdict', () =>
    expect(judge(newestRestorablePoint([point(-H)], now)).verdict).toBe('unknown'));
});

describe('isProtectionActive', () => {
  it.each([
    ['ProtectionConfigured', true],
    ['RetentionSchedulesSuspended', true],
    ['UpdatingProtection', true],
    ['BackupSchedulesSuspended', false],
    ['ProtectionStopped', false],
    ['ProtectionError', false],
    [undefined, false],
  ] as const)('%s → %s', (state, active) => expect(isProtectionActive(state)).toBe(active));
});
