// "Could I restore each backup instance to within its RPO right now?" — observe instances and recovery points,
// judge each with the pure verdict rules, summarise. One instance's read failure makes that instance `unknown`
// with the reason; it never hides the answer for the rest of the fleet.
import type { Clock } from '../clock.js';
import { formatDuration } from '../domain/duration.js';
import { judgeRpo, newestRestorablePoint, type RpoJudgement, type RpoRules, type Verdict } from '../domain/rpo.js';
import { targetFromPolicy } from '../domain/rpoTarget.js';
import { mapPool } from '../util/pool.js';
import type { BackupInventory, InstanceFact } from './ports.js';

export interface RpoInstanceReport {
  readonly id: string;
  readonly name: string;
  readonly vault: string;
  readonly cluster: string;
  readonly targetRpo: string;
  readonly targetSource: string;
  readonly targetDetail: string;
  readonly latestRecoveryPoint: string | null;
  readonly ageSeconds: number | null;
  readonly verdict: Verdict;
  readonly reason: string;
  readonly protectionState: string | null;
}

export interface RpoReport {
  readonly generatedAt: string;
  readonly summary: { readonly total: number } & Readonly<Record<'ok' | 'atRisk' | 'breached' | 'unknown', number>>;
  readonly instances: readonly RpoInstanceReport[];
}

export interface RpoSettings extends RpoRules {
  readonly graceMs: number;
  readonly defaultTargetMs: number;
  readonly concurrency: number;
}

export type RpoQuery = { readonly instanceId?: string };

export class InstanceNotFoundError extends Error {
  override readonly name = 'InstanceNotFoundError';
}

export class RpoReporter {
  constructor(
    private readonly inventory: () => BackupInventory,
    private readonly clock: Clock,
    private readonly settings: RpoSettings,
  ) {}

  async run(query: RpoQuery = {}): Promise<RpoReport> {
    const inventory = this.inventory();
    let instances: InstanceFact[];
    if (query.instanceId) {
      const one = await inventory.getInstance(query.instanceId);
      if (!one) throw new InstanceNotFoundError(`backup instance ${query.instanceId} was not found (or does not protect an AKS cluster)`);
      instances = [one];
    } else {
      instances = await inventory.listInstances();
    }
    const now = this.clock.now();
    const reports = await mapPool(instances, this.settings.concurrency, (i) => this.judge(inventory, i, now));
    reports.sort((a, b) => a.id.localeCompare(b.id));
    const count = (v: Verdict) => reports.filter((r) => r.verdict === v).length;
    return {
      generatedAt: now.toISOString(),
      summary: { total: reports.length, ok: count('ok'), atRisk: count('at-risk'), breached: count('breached'), unknown: count('unknown') },
      instances: reports,
    };
  }

  private async judge(inventory: BackupInventory, instance: InstanceFact, now: Date): Promise<RpoInstanceReport> {
    let schedule;
    let why: string | undefined;
    try {
      schedule = await inventory.getSchedule(instance.policyId);
    } catch (e) {
      why = `policy ${instance.policyId} could not be read: ${describe(e)}`;
    }
    const target = targetFromPolicy(schedule, this.settings.graceMs, this.settings.defaultTargetMs, why);
    let judgement: RpoJudgement;
    try {
      // Look back two targets first (one short page on a healthy instance); only an instance with nothing that
      // recent costs a second, unfiltered read to find how old its newest point really is.
      const since = new Date(now.getTime() - 2 * target.ms);
      let newest = newestRestorablePoint(await inventory.recoveryPoints(instance.id, since), now);
      newest ??= newestRestorablePoint(await inventory.recoveryPoints(instance.id), now);
      judgement = judgeRpo({
        now,
        target,
        newest,
        protection: { state: instance.protectionState, errorMessage: instance.protectionError },
        rules: this.settings,
      });
    } catch (e) {
      judgement = {
        verdict: 'unknown',
        reason: `recovery points could not be read: ${describe(e)}`,
        latestRecoveryPoint: null,
        ageSeconds: null,
      };
    }
    return {
      id: instance.id,
      name: instance.name,
      vault: instance.vaultName,
      cluster: instance.clusterName,
      targetRpo: formatDuration(target.ms),
      targetSource: target.source,
      targetDetail: target.detail,
      latestRecoveryPoint: judgement.latestRecoveryPoint?.toISOString() ?? null,
      ageSeconds: judgement.ageSeconds,
      verdict: judgement.verdict,
      reason: judgement.reason,
      protectionState: instance.protectionState ?? null,
    };
  }
}

function describe(e: unknown): string {
  const err = e as { code?: string; statusCode?: number; message?: string };
  return [err.statusCode, err.code, err.message].filter((x) => x !== undefined && x !== '').join(' ') || String(e);
}
