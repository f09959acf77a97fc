// The detectors' job feed: Resource Graph first (one query for the whole watched scope, near real time), never
// trusted on its own. Once per run its view of the AKS backup instances is cross-checked against the DataProtection
// API (shared/domain/graphCrossCheck.ts); the jobs of every vault where the two disagree are read from the
// DataProtection jobs API instead, and so are every vault's when Resource Graph cannot be queried at all (403 for an
// identity without Reader, throttling, an outage). Each such step is a warning the caller logs word for word.
//
// A vault that can be read neither way fails the call: the detector's watermark then stays where it is and the next
// tick reads the same window again, so a blind spot delays events but never loses them.
import { vaultOfInstance } from '../../domain/graphCrossCheck.js';
import { hasEnded, isRunning } from '../../domain/azureWords.js';
import { mapPool } from '../../util/pool.js';
import { checkGraph } from '../rpo/graphCheck.js';
import type { BackupInventory, GraphJobSource, JobFact, JobFeed, JobFeedAnswer, SubscriptionCensus, VaultJobSource } from '../ports.js';
import { describeError } from '../rpo/rpoJudge.js';

export interface CheckedJobFeedDeps {
  readonly graph: GraphJobSource;
  /** A fresh inventory per run (its census is read once per inventory). */
  readonly inventory: () => Pick<BackupInventory, 'census'>;
  readonly vaults: VaultJobSource;
  /** Vault reads in flight at once. */
  readonly concurrency: number;
}

const vaultOfJob = (jobId: string): string => jobId.replace(/\/backupJobs\/[^/]+\/?$/i, '');
const endedIn = (from: Date, to: Date) => (j: JobFact) =>
  hasEnded(j.status) && j.endTime !== undefined && j.endTime >= from && j.endTime < to;
const byEnd = (a: JobFact, b: JobFact): number => (a.endTime?.getTime() ?? 0) - (b.endTime?.getTime() ?? 0);

export class CheckedJobFeed implements JobFeed {
  constructor(private readonly deps: CheckedJobFeedDeps) {}

  async endedBetween(from: Date, to: Date): Promise<JobFeedAnswer> {
    const census = this.deps.inventory().census();
    let graphJobs: JobFact[];
    let graphIds: string[];
    try {
      [graphJobs, graphIds] = await Promise.all([this.deps.graph.endedBetween(from, to), this.deps.graph.instanceIds()]);
    } catch (e) {
      const vaults = everyVault(await census, e);
      const jobs = await this.fromVaults(vaults, from, to);
      const warning =
        `Resource Graph could not be queried (${describeError(e)}); the jobs of every vault (${vaults.length}) ` +
        'were read from the DataProtection jobs API';
      return { jobs, warnings: [warning] };
    }
    const listed = await census;
    const check = checkGraph(graphIds, listed, 'its jobs were read from the DataProtection jobs API instead');
    const distrusted = check.distrustedVaults;
    const kept = graphJobs.filter((j) => !distrusted.has(vaultOfJob(j.id).toLowerCase()));
    // Only vaults the DataProtection API lists: one Resource Graph shows alone no longer exists.
    const reread = listed.flatMap((s) => s.vaults.map((v) => v.id)).filter((id) => distrusted.has(id.toLowerCase()));
    const jobs = [...kept, ...(await this.fromVaults(reread, from, to))].sort(byEnd);
    return { jobs, warnings: check.warnings };
  }

  async recentJobs(instanceId: string, since: Date): Promise<JobFact[]> {
    try {
      const jobs = await this.deps.graph.recentJobs(instanceId, since);
      if (jobs.length > 0) return jobs;
    } catch {
      // Resource Graph says nothing either way; the instance's vault answers below.
    }
    // Empty is not proof of absence (the failed job itself should be there): ask the vault, one list.
    const key = instanceId.toLowerCase();
    return (await this.deps.vaults.vaultJobs(vaultOfInstance(instanceId))).filter(
      (j) =>
        j.instanceId.toLowerCase() === key &&
        j.operation === 'Backup' &&
        ((j.startTime !== undefined && j.startTime >= since) || isRunning(j.status)),
    );
  }

  private async fromVaults(vaultIds: readonly string[], from: Date, to: Date): Promise<JobFact[]> {
    const perVault = await mapPool(vaultIds, this.deps.concurrency, async (id) =>
      (await this.deps.vaults.vaultJobs(id)).filter(endedIn(from, to)),
    );
    return perVault.flat().sort(byEnd);
  }
}

/** Every watched vault, or the error that hides some: reading only the others would lose their jobs. */
function everyVault(census: readonly SubscriptionCensus[], graphError: unknown): string[] {
  const failed = census.find((s) => s.error !== undefined);
  if (failed) {
    throw new Error(
      `Resource Graph could not be queried (${describeError(graphError)}) and the DataProtection API could not list every vault ` +
        `(${describeError(failed.error)}): the jobs cannot be read`,
      { cause: failed.error },
    );
  }
  return census.flatMap((s) => s.vaults.map((v) => v.id));
}
