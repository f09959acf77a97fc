import { describe, expect, it } from 'vitest';
import { breachKey, judgeWindow, type Thresholds, type WindowStats } from '../../shared/domain/detection/thresholds.js';

const T: Thresholds = { backupSuccessRate: 0.95, backupDurationMs: 30 * 60_000, restoreSuccessRate: 0.99, minSamples: 3 };
const S: WindowStats = {
  instanceId: '/x/BI',
  name: 'bi',
  vault: 'v',
  cluster: 'c',
  backups: 20,
  backupsFailed: 0,
  maxBackupSeconds: 600,
  restores: 0,
  restoresFailed: 0,
};

describe('judgeWindow (seed thresholds over a sliding window)', () => {
  it('a healthy window breaches nothing', () => expect(judgeWindow(S, T)).toEqual([]));
  it('backup success rate under 95 %', () =>
    expect(judgeWindow({ ...S, backupsFailed: 2 }, T)).toEqual([
      expect.objectContaining({ metric: 'backupSuccessRate', value: 0.9, threshold: 0.95, sampleSize: 20 }),
    ]));
  it('exactly 95 % is not a breach', () => expect(judgeWindow({ ...S, backupsFailed: 1 }, T)).toEqual([]));
  it('a backup over 30 min', () =>
    expect(judgeWindow({ ...S, maxBackupSeconds: 1801 }, T)).toEqual([
      expect.objectContaining({ metric: 'backupDurationSeconds', value: 1801, threshold: 1800 }),
    ]));
  it('restore success rate under 99 %', () =>
    expect(judgeWindow({ ...S, restores: 50, restoresFailed: 1 }, T)).toEqual([
      expect.objectContaining({ metric: 'restoreSuccessRate', value: 0.98 }),
    ]));
  it('rates are not judged on fewer samples than the minimum', () =>
    expect(judgeWindow({ ...S, backups: 2, backupsFailed: 2, restores: 1, restoresFailed: 1 }, T)).toEqual([]));
  it('one key per instance and metric, case-insensitive', () =>
    expect(breachKey('/X/bi', 'backupSuccessRate')).toBe(breachKey('/x/BI', 'backupSuccessRate')));
});

describe('judgeWindow at its boundaries', () => {
  const metrics = (stats: Partial<WindowStats>) => judgeWindow({ ...S, ...stats }, T).map((b) => [b.metric, b.value, b.sampleSize]);

  it.each<[string, Partial<WindowStats>, unknown[]]>([
    ['exactly the minimum of backups, one failed', { backups: 3, backupsFailed: 1 }, [['backupSuccessRate', 0.6667, 3]]],
    ['a backup of exactly 30 min', { maxBackupSeconds: 1800 }, []],
    ['exactly the minimum of restores, one failed', { restores: 3, restoresFailed: 1 }, [['restoreSuccessRate', 0.6667, 3]]],
    ['restores at exactly 99 %', { restores: 100, restoresFailed: 1 }, []],
    ['restores all fine', { restores: 50 }, []],
  ])('%s', (_what, stats, breaches) => expect(metrics(stats)).toEqual(breaches));

  it('keys a breach by instance (lower-cased, as stored) and metric', () => {
    expect(breachKey('/X/BI', 'restoreSuccessRate')).toBe('/x/bi|restoreSuccessRate');
    expect(breachKey('/x/bi', 'backupSuccessRate')).not.toBe(breachKey('/x/bi', 'backupDurationSeconds'));
  });
});
