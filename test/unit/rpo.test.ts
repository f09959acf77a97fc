import { describe, expect, it } from 'vitest';
import { judgeRpo, newestRestorablePoint, type RecoveryPointFact, type RpoTarget } from '../../shared/domain/rpo.js';

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
    ['exactly at the target', 5 * H, 'breached'],
    ['far over the target', 48 * H, 'breached'],
  ] as const)('%s → %s', (_label, age, verdict) => {
    const j = judge(point(age));
    expect(j.verdict).toBe(verdict);
    expect(j.ageSeconds).toBe(Math.floor(age / 1000));
    expect(j.latestRecoveryPoint?.getTime()).toBe(now.getTime() - age);
  });

  it('explains a breach with age and target', () =>
    expect(judge(point(6 * H)).reason).toBe('newest recovery point is PT6H old, over the PT5H target'));
  it('explains at-risk with the share', () => expect(judge(point(4 * H)).reason).toContain('past 80% of the PT5H target'));

  it('is unknown when nothing was ever backed up', () => {
    const j = judge(undefined);
    expect(j).toMatchObject({ verdict: 'unknown', latestRecoveryPoint: null, ageSeconds: null });
    expect(j.reason).toContain('no completed recovery point');
  });

  it.each(['BackupSchedulesSuspended', 'ProtectionStopped', 'ProtectionError', 'NotProtected', 'SoftDeleted', 'SomethingNewFromAzure'])(
    'is unknown when protection state is %s, even with a fresh point',
    (state) => {
      const j = judge(point(H), state);
      expect(j.verdict).toBe('unknown');
      expect(j.reason).toContain(state);
      expect(j.latestRecoveryPoint).not.toBeNull();
    },
  );

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
  it('judges instances whose retention only is suspended (backups still run)', () =>
    expect(judge(point(H), 'RetentionSchedulesSuspended').verdict).toBe('ok'));
});

describe('newestRestorablePoint', () => {
  it('picks the newest completed point', () =>
    expect(newestRestorablePoint([point(3 * H), point(H), point(2 * H)], now)?.time).toEqual(ago(H)));
  it('ignores a point in the future (clock skew)', () =>
    expect(newestRestorablePoint([point(-10 * 60_000), point(2 * H)], now)?.time).toEqual(ago(2 * H)));
  it('ignores a point that is not Completed', () =>
    expect(newestRestorablePoint([point(H, 'Partial'), point(3 * H, 'completed')], now)?.time).toEqual(ago(3 * H)));
  it('is undefined when no point counts', () => expect(newestRestorablePoint([point(H, 'InProgress')], now)).toBeUndefined());
});
