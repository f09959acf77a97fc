// The backup advisor: deterministic, explainable recommendations per backup instance. Each one names its inputs
// (the evidence) and its effect — a saving, or the risk it removes; with an input missing there is no
// recommendation, only a note of what is missing. The seeds' retention table is the yardstick (full cluster daily,
// 30 days; monthly archive, 1 year), and Azure Backup for AKS schedules no more often than every 4 hours.
import { formatDuration } from '../duration.js';
import { longestScheduleGapMs } from '../rpo/schedule.js';

const DAY = 86_400_000;
export const SHORTEST_AKS_SCHEDULE_MS = 4 * 3_600_000;
export const SEED_DAILY_RETENTION_DAYS = 30;
export const SEED_MONTHLY_RETENTION_DAYS = 365;

export interface AdvisorPrices {
  readonly currency: string;
  /** Operational tier: disk snapshots, per GB-month. */
  readonly snapshotPerGbMonth: number;
  /** Vault tier: per GB-month in the vault. */
  readonly vaultPerGbMonth: number;
}

export interface AdvisorFacts {
  readonly instanceId: string;
  readonly tier: string | undefined;
  readonly rpoTargetMs: number | null;
  /** The policy's backup rule intervals (R/…/PT4H), undefined when the policy could not be read. */
  readonly schedule: readonly string[] | undefined;
  /** Retention in the operational store (snapshots), in days; undefined when unknown. */
  readonly operationalRetentionDays: number | undefined;
  /** Retention of the vault tier's longest rule, in days; 0: no vault tier. */
  readonly vaultRetentionDays: number | undefined;
  /** Size of the protected volumes' snapshots and of the vault copies, GB. */
  readonly snapshotGb: number | undefined;
  readonly vaultGb: number | undefined;
}

export interface Recommendation {
  readonly id: 'schedule-vs-rpo' | 'daily-retention' | 'monthly-retention' | 'snapshots-to-vault';
  readonly severity: 'risk' | 'saving';
  readonly text: string;
  readonly evidence: Readonly<Record<string, string | number>>;
  /** Change in monthly cost (negative: saving), when it can be computed. */
  readonly monthlyCostDelta?: number;
}

export interface Advice {
  readonly monthlyCost: number | undefined;
  readonly recommendations: readonly Recommendation[];
  /** Inputs that were missing, so a recommendation could not be made (or ruled out). */
  readonly missing: readonly string[];
}

export function advise(f: AdvisorFacts, prices: AdvisorPrices): Advice {
  const recs: Recommendation[] = [];
  const missing: string[] = [];
  const high = ['critical', 'production'].includes((f.tier ?? '').toLowerCase());
  const gap = f.schedule ? longestScheduleGapMs(f.schedule) : undefined;
  if (gap === undefined) missing.push('policy schedule');
  else if (f.rpoTargetMs !== null && gap > f.rpoTargetMs) {
    const can = f.rpoTargetMs >= SHORTEST_AKS_SCHEDULE_MS;
    recs.push({
      id: 'schedule-vs-rpo',
      severity: 'risk',
      text: can
        ? `a backup every ${formatDuration(gap)} can never meet the ${formatDuration(f.rpoTargetMs)} RPO: schedule every ${formatDuration(f.rpoTargetMs)} or less`
        : `a backup every ${formatDuration(gap)} can never meet the ${formatDuration(f.rpoTargetMs)} RPO, and Azure Backup for AKS backs up at most every 4 h: protect the data with an application-level backup (database log shipping) or relax the tier`,
      evidence: { schedule: f.schedule?.join(', ') ?? '', rpoTarget: formatDuration(f.rpoTargetMs), longestGap: formatDuration(gap) },
    });
  }
  if (f.operationalRetentionDays === undefined) missing.push('operational retention');
  else if (f.operationalRetentionDays < SEED_DAILY_RETENTION_DAYS) {
    const delta =
      f.snapshotGb === undefined
        ? undefined
        : round(f.snapshotGb * prices.snapshotPerGbMonth * (SEED_DAILY_RETENTION_DAYS / f.operationalRetentionDays - 1));
    recs.push({
      id: 'daily-retention',
      severity: 'risk',
      text: `daily recovery points are kept ${f.operationalRetentionDays} days: keep them ${SEED_DAILY_RETENTION_DAYS} (the retention table's full-cluster row) to recover from a problem noticed late`,
      evidence: { operationalRetentionDays: f.operationalRetentionDays, recommendedDays: SEED_DAILY_RETENTION_DAYS },
      ...(delta !== undefined ? { monthlyCostDelta: delta } : {}),
    });
  }
  if (f.vaultRetentionDays === undefined) missing.push('vault retention');
  else if (high && f.vaultRetentionDays < SEED_MONTHLY_RETENTION_DAYS) {
    recs.push({
      id: 'monthly-retention',
      severity: 'risk',
      text: `a ${f.tier ?? ''} workload keeps no monthly recovery point for a year: add a vault-tier monthly rule with ${SEED_MONTHLY_RETENTION_DAYS} days (compliance, and a copy outside the cluster's snapshot resource group)`,
      evidence: { tier: f.tier ?? '', vaultRetentionDays: f.vaultRetentionDays, recommendedDays: SEED_MONTHLY_RETENTION_DAYS },
    });
  }
  if (
    !high &&
    f.operationalRetentionDays !== undefined &&
    f.operationalRetentionDays > SEED_DAILY_RETENTION_DAYS &&
    f.snapshotGb !== undefined
  ) {
    const share = 1 - SEED_DAILY_RETENTION_DAYS / f.operationalRetentionDays;
    const saving = round(f.snapshotGb * share * (prices.snapshotPerGbMonth - prices.vaultPerGbMonth));
    if (saving > 0) {
      recs.push({
        id: 'snapshots-to-vault',
        severity: 'saving',
        text: `snapshots are kept ${f.operationalRetentionDays} days: keep ${SEED_DAILY_RETENTION_DAYS} days of snapshots and move older points to the vault tier (slower to restore, which a ${f.tier ?? 'Standard'} RTO allows)`,
        evidence: {
          operationalRetentionDays: f.operationalRetentionDays,
          snapshotGb: f.snapshotGb,
          snapshotPrice: prices.snapshotPerGbMonth,
          vaultPrice: prices.vaultPerGbMonth,
        },
        monthlyCostDelta: -saving,
      });
    }
  }
  if (f.snapshotGb === undefined || f.vaultGb === undefined) missing.push('backup sizes');
  const monthlyCost =
    f.snapshotGb === undefined || f.vaultGb === undefined
      ? undefined
      : round(f.snapshotGb * prices.snapshotPerGbMonth + f.vaultGb * prices.vaultPerGbMonth);
  return { monthlyCost, recommendations: recs, missing };
}

const round = (n: number): number => Math.round(n * 100) / 100;
export const retentionDays = (isoDurationMs: number): number => Math.round(isoDurationMs / DAY);
