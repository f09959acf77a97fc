// BackupInventory over the DataProtection API: vaults → AKS backup instances → policies → recovery points.
import { resourceName } from '../../domain/armId.js';
import type { RecoveryPointFact } from '../../domain/rpo.js';
import type { ScheduleFact } from '../../domain/rpoTarget.js';
import type { BackupInventory, InstanceFact } from '../../usecases/ports.js';
import { mapPool } from '../../util/pool.js';
import type { DataProtectionClient } from './client.js';
import { isAksDatasource, isBackupRule, isScheduleTrigger, type BackupInstance } from './types.js';

export class DataProtectionInventory implements BackupInventory {
  /** Policies are shared by many instances; read each once per inventory (one inventory serves one check). */
  private readonly schedules = new Map<string, Promise<ScheduleFact | undefined>>();

  constructor(
    private readonly client: DataProtectionClient,
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
    const key = policyId.toLowerCase();
    let schedule = this.schedules.get(key);
    if (!schedule) {
      schedule = this.readSchedule(policyId);
      this.schedules.set(key, schedule);
    }
    return schedule;
  }

  async recoveryPoints(instanceId: string, since?: Date): Promise<RecoveryPointFact[]> {
    const facts: RecoveryPointFact[] = [];
    for await (const rp of this.client.listRecoveryPoints(instanceId, since ? { startDate: since } : {})) {
      const time = rp.properties.recoveryPointTime ? new Date(rp.properties.recoveryPointTime) : undefined;
      if (time && !Number.isNaN(time.getTime())) facts.push({ time, state: rp.properties.recoveryPointState });
    }
    return facts;
  }

  private async readSchedule(policyId: string): Promise<ScheduleFact | undefined> {
    const policy = await this.client.getPolicy(policyId);
    for (const rule of policy.properties.policyRules) {
      if (isBackupRule(rule) && isScheduleTrigger(rule.trigger)) {
        return { ruleName: rule.name, repeatingTimeIntervals: rule.trigger.schedule.repeatingTimeIntervals };
      }
    }
    return undefined;
  }
}

function toFact(bi: BackupInstance): InstanceFact {
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
  };
}
