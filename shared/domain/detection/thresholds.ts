// The seed thresholds over a sliding window of AddonAzureBackupJobs (not lifetime counters): backup success rate,
// backup duration, restore success rate, per backup instance. Pure: the caller supplies the window's counts.

export type ThresholdMetric = 'backupSuccessRate' | 'backupDurationSeconds' | 'restoreSuccessRate';

export interface WindowStats {
  readonly instanceId: string;
  readonly name: string;
  readonly vault: string | null;
  readonly cluster: string | null;
  readonly backups: number;
  readonly backupsFailed: number;
  /** Longest finished backup in the window, seconds. */
  readonly maxBackupSeconds: number;
  readonly restores: number;
  readonly restoresFailed: number;
}

export interface Thresholds {
  /** Below this share of finished backups succeeding, the window is breached (0..1). */
  readonly backupSuccessRate: number;
  readonly backupDurationMs: number;
  readonly restoreSuccessRate: number;
  /** Fewer finished jobs than this in a window: a rate is not judged (one failure of one job is not 0 %). */
  readonly minSamples: number;
}

export interface Breach {
  readonly stats: WindowStats;
  readonly metric: ThresholdMetric;
  readonly value: number;
  readonly threshold: number;
  readonly sampleSize: number;
}

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

export function judgeWindow(stats: WindowStats, t: Thresholds): Breach[] {
  const out: Breach[] = [];
  if (stats.backups >= t.minSamples) {
    const rate = round((stats.backups - stats.backupsFailed) / stats.backups);
    if (rate < t.backupSuccessRate)
      out.push({ stats, metric: 'backupSuccessRate', value: rate, threshold: t.backupSuccessRate, sampleSize: stats.backups });
  }
  if (stats.maxBackupSeconds * 1000 > t.backupDurationMs) {
    out.push({
      stats,
      metric: 'backupDurationSeconds',
      value: stats.maxBackupSeconds,
      threshold: t.backupDurationMs / 1000,
      sampleSize: stats.backups,
    });
  }
  if (stats.restores >= t.minSamples) {
    const rate = round((stats.restores - stats.restoresFailed) / stats.restores);
    if (rate < t.restoreSuccessRate)
      out.push({ stats, metric: 'restoreSuccessRate', value: rate, threshold: t.restoreSuccessRate, sampleSize: stats.restores });
  }
  return out;
}

/** One key per instance and metric: a breach is announced when it appears, not again while it lasts. */
export const breachKey = (instanceId: string, metric: ThresholdMetric): string => `${instanceId.toLowerCase()}|${metric}`;
