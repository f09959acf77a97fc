// BackupInventory over the direct APIs: DataProtection (vaults → AKS backup instances → policies → recovery points)
// and the AKS cluster itself for its tags. Used for one instance, to confirm the fleet check's borderline verdicts,
// and for the whole fleet when Resource Graph cannot be queried.
import { resourceName } from '../../domain/armId.js';
import type { RecoveryPointFact } from '../../domain/rpo.js';
import type { ScheduleFact, Tags } from '../../domain/rpoTarget.js';
import type { BackupInventory, InstanceFact } from '../../usecases/ports.js';
import { mapPool } from '../../util/pool.js';
import { armPath, type ArmTransport } from '../armTransport.js';
import type { DataProtectionClient } from './client.js';
import { isAksDatasource, isBackupRule, isScheduleTrigger, type BackupInstance, type PolicyRule } from './types.js';

/** Microsoft.ContainerService api-version used to read a cluster's tags (facts §5). */
export const AKS_API_VERSION = '2025-10-01';

export class DataProtectionInventory implements BackupInventory {
  /** Policies and clusters are shared by many instances; read each once per inventory (one inventory serves one check). */
  private readonly schedules = new Map<string, Promise<ScheduleFact | undefined>>();
  private readonly clusters = new Map<string, Promise<Tags | undefined>>();

  constructor(
    private readonly client: DataProtectionClient,
    private readonly arm: ArmTransport,
    private readonly subscriptionIds: readonly string[],
    private readonly concurrency: number,
  ) {}

  async listInstances(): Promise<InstanceFact[]> {
    const vaultIds: string[] = [];
    for (const sub of this.subscriptionIds) {
      for await (const vault of this.client.listVaults(sub)) vaultIds.push(vault.id);
    }
    const perVault = await mapPool(vaultIds, this.concurrency, async (vaultId) => {
      const found: InstanceFact[] = [];
      for await (const bi of this.client.listBackupInstances(vaultId)) {
        if (isAksDatasource(bi.properties.dataSourceInfo.datasourceType)) found.push(toFact(bi));
      }
      return found;
    });
    return perVault.flat();
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
  const error = p.protectionErrorDetails ?? p.protectionStatus?.errorDetails;
  return {
    id: bi.id,
    name: bi.name,
    vaultId,
    vaultName: resourceName(vaultId),
    clusterId: p.dataSourceInfo.resourceID,
    clusterName: p.dataSourceInfo.resourceName ?? resourceName(p.dataSourceInfo.resourceID),
    policyId: p.policyInfo.policyId,
    protectionState: p.currentProtectionState,
    protectionError: error ? [error.code, error.message].filter(Boolean).join(': ') || undefined : undefined,
    tags: bi.tags ?? undefined,
  };
}
