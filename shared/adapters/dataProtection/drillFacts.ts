// What a drill of an instance restores: its newest Completed recovery point (any point still being written, or
// Partial, is not a restore anyone should prove), the instance's included namespaces — or, when it includes every
// namespace, the cluster's own, read now — less the excluded and the system namespaces Azure never backs up.
import { SKIPPED_SYSTEM_NAMESPACES } from '../../domain/estate/coverage.js';
import { parseKubeList } from '../../domain/drill/kube.js';
import type { ClusterCommands, DrillFacts, DrillPlanFacts } from '../../usecases/drill/drillPorts.js';
import type { DataProtectionClient } from './client.js';

/** Namespaces of the backup extension itself: restoring them into a validation namespace proves nothing. */
const EXTENSION_NAMESPACES = ['dataprotection-microsoft'];

export class DataProtectionDrillFacts implements DrillFacts {
  constructor(
    private readonly client: DataProtectionClient,
    private readonly cluster: ClusterCommands,
  ) {}

  async plan(instanceId: string): Promise<DrillPlanFacts | { readonly unavailable: string }> {
    const instance = await this.client.getBackupInstance(instanceId);
    let newest: { id: string; time: number } | undefined;
    for await (const rp of this.client.listRecoveryPoints(instanceId)) {
      const p = rp.properties;
      const time = Date.parse(p.recoveryPointTime ?? '');
      if ((p.recoveryPointState ?? 'Completed') !== 'Completed' || !Number.isFinite(time)) continue;
      if (!newest || time > newest.time) newest = { id: rp.name ?? p.recoveryPointId ?? '', time };
    }
    if (!newest) return { unavailable: 'no Completed recovery point to restore from' };
    const params = instance.properties.policyInfo.policyParameters?.backupDatasourceParametersList?.[0];
    const info = instance.properties.dataSourceInfo;
    const excluded = new Set([...(params?.excludedNamespaces ?? []), ...SKIPPED_SYSTEM_NAMESPACES, ...EXTENSION_NAMESPACES]);
    const included = params?.includedNamespaces?.length ? params.includedNamespaces : await this.clusterNamespaces(info.resourceID);
    return {
      recoveryPointId: newest.id,
      dataStore: 'OperationalStore',
      namespaces: included.filter((ns) => !excluded.has(ns) && !ns.startsWith('validation-')),
      cluster: { id: info.resourceID, name: info.resourceName ?? '', location: info.resourceLocation ?? '' },
    };
  }

  private async clusterNamespaces(clusterId: string): Promise<string[]> {
    const result = await this.cluster.run(clusterId, 'kubectl get ns -o json');
    const items = result.exitCode === 0 ? parseKubeList(result.logs) : undefined;
    if (!items) throw new Error(`kubectl get ns: ${result.logs.slice(0, 300)}`);
    return items.map((i) => i.name);
  }
}
