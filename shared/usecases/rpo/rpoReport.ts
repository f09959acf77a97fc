// "Could I restore each backup instance to within its RPO right now?" — for the whole fleet from Resource Graph
// (confirming only what it cannot settle), or for one instance from the DataProtection API. One instance's read
// failure makes that instance `unknown` with the reason; it never hides the answer for the rest of the fleet, and a
// Resource Graph failure only makes the check slower (it falls back to the direct API), never blind.
import type { Clock } from '../../clock.js';
import type { Verdict } from '../../domain/rpo/rpo.js';
import type { BackupInventory, FleetReader, InstanceFact } from '../ports.js';
import { directFleet, judgeDirect, type CheckResult } from './rpoDirect.js';
import { fleetCheck } from './rpoFleet.js';
import { describeError, type RpoInstanceReport, type RpoSettings } from './rpoJudge.js';

export type { Evidence, RpoInstanceReport, RpoSettings } from './rpoJudge.js';

export interface RpoReport {
  readonly generatedAt: string;
  readonly summary: { readonly total: number } & Readonly<Record<'ok' | 'atRisk' | 'breached' | 'unknown', number>>;
  readonly instances: readonly RpoInstanceReport[];
  /**
   * ARM requests sent while this check ran (every attempt and page; Resource Graph included), read off the process's
   * meter: another check running at the same moment in the same process would be counted here too.
   */
  readonly armCalls: number;
  /** Why the check had to take a slower path, if it did. */
  readonly warnings: readonly string[];
}

export interface RpoQuery {
  /** ARM id of one backup instance: answered from the direct APIs. */
  readonly instanceId?: string;
  /** Cluster name or ARM id (case-insensitive). */
  readonly cluster?: string;
  /** Backup vault name or ARM id (case-insensitive). */
  readonly vault?: string;
  /** Keep only instances with one of these verdicts (the summary counts what is returned). */
  readonly verdicts?: readonly Verdict[];
}

export interface RpoSources {
  /** A fresh inventory per check: its policy and cluster caches live for one check. */
  inventory(): BackupInventory;
  /** The fleet fast path; without it every check takes the direct path. */
  readonly fleet?: FleetReader | undefined;
  /** The process's ARM call meter (requests sent so far). */
  armCalls?(): number;
}

export class InstanceNotFoundError extends Error {
  override readonly name = 'InstanceNotFoundError';
}

export class RpoReporter {
  constructor(
    private readonly sources: RpoSources,
    private readonly clock: Clock,
    private readonly settings: RpoSettings,
  ) {}

  async run(query: RpoQuery = {}): Promise<RpoReport> {
    const callsBefore = this.sources.armCalls?.() ?? 0;
    const inventory = this.sources.inventory();
    const select = (i: InstanceFact): boolean => inScope(i, query);
    const warnings: string[] = [];
    let result: CheckResult;
    if (query.instanceId) {
      result = await this.one(inventory, query.instanceId, select);
    } else if (this.sources.fleet) {
      try {
        result = await fleetCheck(this.sources.fleet, inventory, select, this.clock, this.settings);
      } catch (e) {
        warnings.push(`Resource Graph could not be queried (${describeError(e)}); every instance was read from the DataProtection API`);
        result = await directFleet(inventory, select, this.clock, this.settings, 'Resource Graph unavailable');
      }
    } else {
      result = await directFleet(inventory, select, this.clock, this.settings, 'fleet read from the DataProtection API');
    }
    warnings.push(...(result.warnings ?? []));
    const lines = result.lines
      .filter((l) => !query.verdicts || query.verdicts.includes(l.verdict))
      .sort((a, b) => a.id.localeCompare(b.id));
    return {
      generatedAt: result.now.toISOString(),
      summary: summarize(lines),
      instances: lines,
      armCalls: (this.sources.armCalls?.() ?? 0) - callsBefore,
      warnings,
    };
  }

  private async one(inventory: BackupInventory, instanceId: string, select: (i: InstanceFact) => boolean): Promise<CheckResult> {
    const instance = await inventory.getInstance(instanceId);
    if (!instance) throw new InstanceNotFoundError(`backup instance ${instanceId} was not found (or does not protect an AKS cluster)`);
    const now = this.clock.now();
    if (!select(instance)) return { now, lines: [] };
    return { now, lines: [await judgeDirect(inventory, instance, now, this.settings, 'single-instance check')] };
  }
}

/** The summary of a list of instance reports: how many there are, per verdict. */
export function summarize(lines: readonly { readonly verdict: Verdict }[]): RpoReport['summary'] {
  const count = (v: Verdict): number => lines.filter((l) => l.verdict === v).length;
  return { total: lines.length, ok: count('ok'), atRisk: count('at-risk'), breached: count('breached'), unknown: count('unknown') };
}

/** cluster/vault filters match the resource's name or its ARM id, case-insensitively (as ARM compares them). */
export function inScope(instance: InstanceFact, query: Pick<RpoQuery, 'cluster' | 'vault'>): boolean {
  const matches = (wanted: string | undefined, name: string, id: string): boolean =>
    wanted === undefined || [name, id].some((v) => v.toLowerCase() === wanted.trim().toLowerCase().replace(/\/+$/, ''));
  return matches(query.cluster, instance.clusterName, instance.clusterId) && matches(query.vault, instance.vaultName, instance.vaultId);
}
