// Scenario → resolved estate state: ARM ids, absolute times, cross-references checked (an instance naming a
// cluster or policy that does not exist fails here, with the field path, rather than as a 404 later).
import { guidFrom } from './hash.js';
import { expandGenerated } from './generate.js';
import { ScenarioError, type ClusterSpec, type NamespaceSpec, type Scenario, type VaultSpec } from './scenario.js';
import { fixedMs, parseIsoDuration, resolveTime } from './time.js';
import type { ClusterState, InstanceState, NamespaceState, PolicyState, SubscriptionState, VaultState } from './types.js';

export interface EstateSettings {
  readonly workspaceId: string;
  readonly ingestionLagMs: number;
  readonly resourceGraphEnabled: boolean;
  readonly pageSize: Scenario['pageSize'];
  readonly restoreDurationMs: number;
}

export interface EstateData {
  readonly tenantId: string;
  readonly subscriptions: readonly SubscriptionState[];
  /** Keyed by lower-case ARM id (ARM ids compare case-insensitively). */
  readonly clusters: Map<string, ClusterState>;
  readonly vaults: Map<string, VaultState>;
  readonly instances: Map<string, InstanceState>;
  readonly settings: EstateSettings;
}

/** Namespaces every AKS cluster has; the backup extension lives in dataprotection-microsoft. */
const SYSTEM_NAMESPACES: readonly NamespaceSpec[] = [
  { name: 'default', labels: {}, resources: { deployments: 0, pods: 0, services: 1, configMaps: 1, pvcs: 0 } },
  { name: 'kube-system', labels: {}, resources: { deployments: 4, pods: 9, services: 3, configMaps: 8, pvcs: 0 } },
  { name: 'kube-public', labels: {}, resources: { deployments: 0, pods: 0, services: 0, configMaps: 1, pvcs: 0 } },
  { name: 'kube-node-lease', labels: {}, resources: { deployments: 0, pods: 0, services: 0, configMaps: 0, pvcs: 0 } },
  { name: 'dataprotection-microsoft', labels: {}, resources: { deployments: 1, pods: 2, services: 1, configMaps: 2, pvcs: 0 } },
];

export const clusterIdOf = (sub: string, rg: string, name: string): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.ContainerService/managedClusters/${name}`;
export const vaultIdOf = (sub: string, rg: string, name: string): string =>
  `/subscriptions/${sub}/resourceGroups/${rg}/providers/Microsoft.DataProtection/backupVaults/${name}`;

export function buildEstate(scenario: Scenario, start: number): EstateData {
  const generated = scenario.generate ? expandGenerated(scenario.generate) : { clusters: [], vaults: [] };
  const clusterSpecs = [...scenario.clusters, ...generated.clusters];
  const vaultSpecs = [...scenario.vaults, ...generated.vaults];
  const subscriptions = scenario.subscriptions.map((s) => ({ id: s.id, name: s.name }));
  const subscriptionOf = (ref: string | undefined, path: string): string => {
    if (ref === undefined) return subscriptions[0]?.id ?? '';
    const found = subscriptions.find((s) => s.id.toLowerCase() === ref.toLowerCase() || s.name === ref);
    if (!found) throw new ScenarioError(`${path}.subscription: no subscription '${ref}' in subscriptions[]`);
    return found.id;
  };

  const clusters = new Map<string, ClusterState>();
  const clustersByName = new Map<string, ClusterState>();
  clusterSpecs.forEach((spec, i) => {
    const cluster = buildCluster(spec, subscriptionOf(spec.subscription, `clusters[${i}]`), start);
    if (clustersByName.has(spec.name.toLowerCase())) throw new ScenarioError(`clusters[${i}].name: duplicate cluster name '${spec.name}'`);
    clustersByName.set(spec.name.toLowerCase(), cluster);
    clusters.set(cluster.id.toLowerCase(), cluster);
  });

  const vaults = new Map<string, VaultState>();
  const instances = new Map<string, InstanceState>();
  vaultSpecs.forEach((spec, i) => {
    const vault = buildVault(spec, subscriptionOf(spec.subscription, `vaults[${i}]`), start, `vaults[${i}]`);
    if (vaults.has(vault.id.toLowerCase()))
      throw new ScenarioError(`vaults[${i}].name: duplicate vault '${spec.name}' in its resource group`);
    vaults.set(vault.id.toLowerCase(), vault);
    spec.instances.forEach((bi, j) => {
      const path = `vaults[${i}].instances[${j}]`;
      const cluster = clustersByName.get(bi.cluster.toLowerCase()) ?? clusters.get(bi.cluster.toLowerCase());
      if (!cluster) throw new ScenarioError(`${path}.cluster: no cluster '${bi.cluster}' in clusters[]`);
      const policy = vault.policies.get(bi.policy.toLowerCase());
      if (!policy) throw new ScenarioError(`${path}.policy: vault '${spec.name}' has no policy '${bi.policy}'`);
      if (vault.instances.has(bi.name.toLowerCase())) throw new ScenarioError(`${path}.name: duplicate instance '${bi.name}'`);
      const id = `${vault.id}/backupInstances/${bi.name}`;
      const instance: InstanceState = {
        id,
        name: bi.name,
        vault,
        policy,
        cluster,
        friendlyName: bi.friendlyName ?? bi.name,
        description: bi.description,
        tags: bi.tags,
        createdAt: resolveTime(bi.createdAt, start),
        jobDurationMs: fixedMs(bi.jobDuration) ?? 0,
        includedNamespaces: bi.includedNamespaces,
        excludedNamespaces: bi.excludedNamespaces,
        snapshotResourceGroupId: `/subscriptions/${cluster.subscriptionId}/resourceGroups/${bi.snapshotResourceGroup ?? `${cluster.resourceGroup}-snapshots`}`,
        timeline: bi.timeline.map((t) => ({ ...t, from: resolveTime(t.from, start) })).sort((a, b) => a.from - b.from),
        version: 0,
        manualJobs: [],
      };
      vault.instances.set(bi.name.toLowerCase(), instance);
      if (policy.scheduleStart > instance.createdAt) {
        policy.scheduleStart -= Math.ceil((policy.scheduleStart - instance.createdAt) / policy.intervalMs) * policy.intervalMs;
      }
      instances.set(id.toLowerCase(), instance);
    });
  });

  return {
    tenantId: scenario.tenantId,
    subscriptions,
    clusters,
    vaults,
    instances,
    settings: {
      workspaceId: scenario.logAnalytics.workspaceId,
      ingestionLagMs: fixedMs(scenario.logAnalytics.ingestionLag) ?? 0,
      resourceGraphEnabled: scenario.resourceGraph.enabled,
      pageSize: scenario.pageSize,
      restoreDurationMs: fixedMs(scenario.restoreDuration) ?? 0,
    },
  };
}

function buildCluster(spec: ClusterSpec, subscriptionId: string, start: number): ClusterState {
  const id = clusterIdOf(subscriptionId, spec.resourceGroup, spec.name);
  const createdAt = resolveTime(spec.createdAt, start);
  const names = new Set(spec.namespaces.map((n) => n.name));
  const all = [...SYSTEM_NAMESPACES.filter((n) => !names.has(n.name)), ...spec.namespaces];
  const namespaces: NamespaceState[] = all.map((n) => ({
    name: n.name,
    uid: guidFrom(`${id}/namespaces/${n.name}`),
    labels: n.labels,
    resources: n.resources,
    createdAt,
  }));
  return {
    id,
    name: spec.name,
    subscriptionId,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    tags: spec.tags,
    kubernetesVersion: spec.kubernetesVersion,
    powerState: spec.powerState,
    createdAt,
    namespaces,
  };
}

function buildVault(spec: VaultSpec, subscriptionId: string, start: number, path: string): VaultState {
  const id = vaultIdOf(subscriptionId, spec.resourceGroup, spec.name);
  const policies = new Map<string, PolicyState>();
  spec.policies.forEach((p, k) => {
    const intervalMs = fixedMs(p.interval) ?? 0;
    // Schedules are written with whole seconds; a relative anchor inherits the clock start's precision.
    const anchor = Math.floor(resolveTime(p.anchor, start) / 1000) * 1000;
    if (policies.has(p.name.toLowerCase())) throw new ScenarioError(`${path}.policies[${k}].name: duplicate policy '${p.name}'`);
    policies.set(p.name.toLowerCase(), {
      id: `${id}/backupPolicies/${p.name}`,
      name: p.name,
      vaultId: id,
      rule: p.rule ?? (intervalMs >= 86_400_000 ? 'BackupDaily' : 'BackupHourly'),
      interval: p.interval,
      intervalMs,
      anchor,
      scheduleStart: anchor,
      retention: p.retention,
      retentionDuration: parseIsoDuration(p.retention) ?? {
        sign: 1,
        years: 0,
        months: 0,
        weeks: 1,
        days: 0,
        hours: 0,
        minutes: 0,
        seconds: 0,
      },
      description: p.description,
      readable: p.readable,
    });
  });
  return {
    id,
    name: spec.name,
    subscriptionId,
    resourceGroup: spec.resourceGroup,
    location: spec.location,
    tags: spec.tags,
    redundancy: spec.redundancy,
    principalId: guidFrom(`${id}/identity`),
    policies,
    instances: new Map(),
  };
}
