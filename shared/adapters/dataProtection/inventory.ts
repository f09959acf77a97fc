// BackupInventory over the direct APIs: DataProtection (vaults → AKS backup instances → policies → recovery points)
// and the AKS cluster itself for its tags. Used for one instance, to confirm the fleet check's borderline verdicts,
// and for the whole fleet when Resource Graph cannot be queried.
import { resourceName } from '../../domain/armId.js';
import { readProtection } from '../../domain/azureWords.js';
import type { RecoveryPointFact } from '../../domain/rpo/rpo.js';
import type { ScheduleFact, Tags } from '../../domain/rpo/rpoTarget.js';
import type { BackupInventory, InstanceFact, SubscriptionCensus, VaultCensus } from '../../usecases/ports.js';
import { mapPool } from '../../util/pool.js';
import { armPath, type ArmTransport } from '../arm/armTransport.js';
import type { DataProtectionClient } from './client.js';
import { isAksDatasource, isBackupRule, isScheduleTrigger, type BackupInstance, type PolicyRule } from './types.js';

/** Microsoft.ContainerService api-version used to read a cluster's tags (facts §5). */
export const AKS_API_VERSION = '2025-10-01';

export class DataProtectionInventory implements BackupInventory {
  /** Policies and clusters are shared by many instances; read each once per inventory (one inventory serves one check). */
  private readonly schedules = new Map<string, Promise<ScheduleFact | undefined>>();
  private readonly clusters = new Map<string, Promise<Tags | undefined>>();
  private listed: Promise<SubscriptionCensus[]> | undefined;

  constructor(
    private readonly client: DataProtectionClient,
    private readonly arm: ArmTransport,
    private readonly subscriptionIds: readonly string[],
    private readonly concurrency: number,
  ) {}

  async listInstances(): Promise<InstanceFact[]> {
    const census = await this.census();
    const failed = census.find((s) => s.error !== undefined) ?? census.flatMap((s) => s.vaults).find((v) => v.error !== undefined);
    if (failed) throw failed.error;
    return census.flatMap((s) => s.vaults.flatMap((v) => v.instances));
  }

  /** Read once per inventory (one inventory serves one check): the fallback after a failed snapshot reuses it. */
  census(): Promise<SubscriptionCensus[]> {
    this.listed ??= this.readCensus();
    return this.listed;
  }

  private async readCensus(): Promise<SubscriptionCensus[]> {
    const subscriptions = await mapPool(this.subscriptionIds, this.concurrency, async (subscriptionId) => {
      try {
        const vaults: { id: string; name: string }[] = [];
        for await (const vault of this.client.listVaults(subscriptionId)) vaults.push({ id: vault.id, name: vault.name });
        return { subscriptionId, vaults };
      } catch (error) {
        return { subscriptionId, vaults: [], error };
      }
    });
    // One pool across every subscription's vaults, so no more than `concurrency` lists are in flight.
    const listed = await mapPool(
      subscriptions.flatMap((s) => s.vaults),
      this.concurrency,
      (vault) => this.vaultCensus(vault),
    );
    let next = 0;
    return subscriptions.map((s) => ({ ...s, vaults: s.vaults.map(() => listed[next++]!) }));
  }

  private async vaultCensus(vault: { id: string; name: string }): Promise<VaultCensus> {
    try {
      const instances: InstanceFact[] = [];
      for await (const bi of this.client.listBackupInstances(vault.id)) {
        if (isAksDatasource(bi.properties.dataSourceInfo.datasourceType)) instances.push(toFact(bi));
      }
      return { ...vault, instances };
    } catch (error) {
      return { ...vault, instances: [], error };
    }
  }

  async getInstance(instanceId: string): Promise<InstanceFact | undefined> {
    try {
      const bi = await this.client.getBackupInstance(instanceId);
      return isAksDatasource(bi.properties.dataSourceInfo.datasourceType) ? toFact(bi) : undefined;
    } catch (e) {
      if ((e as { statusCode?: number }).statusCode === 404) return undefined;
      throw e;
    }
  }

  getSchedule(policyId: string): Promise<ScheduleFact | undefined> {
    return once(this.schedules, policyId, async () => scheduleOfRules((await this.client.getPolicy(policyId)).properties.policyRules));
  }

  clusterTags(clusterId: string): Promise<Tags | undefined> {
    return once(this.clusters, clusterId, async () => {
      const cluster = await this.arm.get<{ tags?: Tags | null }>(armPath(clusterId), { 'api-version': AKS_API_VERSION });
      return cluster.tags ?? undefined;
    });
  }

  async recoveryPoints(instanceId: string, since?: Date): Promise<RecoveryPointFact[]> {
    const facts: RecoveryPointFact[] = [];
    for await (const rp of this.client.listRecoveryPoints(instanceId, since ? { startDate: since } : {})) {
      const time = rp.properties.recoveryPointTime ? new Date(rp.properties.recoveryPointTime) : undefined;
      if (time && !Number.isNaN(time.getTime())) facts.push({ time, state: rp.properties.recoveryPointState });
    }
    return facts;
  }
}

/** ARM ids compare case-insensitively: one read per resource, whatever casing each instance used. */
function once<T>(cache: Map<string, Promise<T>>, id: string, read: () => Promise<T>): Promise<T> {
  const key = id.toLowerCase();
  let found = cache.get(key);
  if (!found) {
    found = read();
    cache.set(key, found);
  }
  return found;
}

/** The schedule of a policy's backup rule (the same rules whether read from the API or from Resource Graph). */
export function scheduleOfRules(rules: readonly PolicyRule[] | undefined): ScheduleFact | undefined {
  for (const rule of rules ?? []) {
    if (isBackupRule(rule) && isScheduleTrigger(rule.trigger)) {
      return { ruleName: rule.name, repeatingTimeIntervals: rule.trigger.schedule.repeatingTimeIntervals };
    }
  }
  return undefined;
}

/** The product's view of a backup instance; Resource Graph rows carry the same properties object. */
export function toFact(bi: Pick<BackupInstance, 'id' | 'name' | 'tags' | 'properties'>): InstanceFact {
  const p = bi.properties;
  const vaultId = bi.id.replace(/\/backupInstances\/[^/]+$/i, '');
  const protection = readProtection(p);
  return {
    id: bi.id,
    name: bi.name,
    vaultId,
    vaultName: resourceName(vaultId),
    clusterId: p.dataSourceInfo.resourceID,
    clusterName: p.dataSourceInfo.resourceName ?? resourceName(p.dataSourceInfo.resourceID),
    policyId: p.policyInfo.policyId,
    protectionState: protection.state,
    protectionError: protection.error,
    tags: bi.tags ?? undefined,
  };
}
