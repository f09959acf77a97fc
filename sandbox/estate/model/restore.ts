// Restore semantics for AKS: which namespaces a recovery point holds, where they go (namespaceMappings), what is
// refused (wrong region, unknown cluster or recovery point), and the effect on the target cluster once the job ends.
import { createNamespace, namespaceAt, namespacesAt } from './cluster.js';
import { ModelError } from './errors.js';
import type { RecoveryPointRecord } from './history.js';
import type { RestoreRequest } from './requests.js';
import type { ResourceCounts } from './scenario.js';
import { AKS_DATASOURCE_TYPE, type ClusterState, type InstanceState, type JobRecord, type RestoreDetails } from './types.js';

/** Namespaces AKS backup never captures. */
const SKIPPED = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

export interface RestorePlan {
  readonly recoveryPoint: RecoveryPointRecord;
  readonly target: ClusterState;
  readonly details: RestoreDetails;
}

const refuse = (code: string, message: string, target: string): ModelError => new ModelError(400, code, message, target);

/** Namespaces captured by a recovery point: those alive at its time, within the instance's backup scope. */
export function namespacesInPoint(instance: InstanceState, rp: RecoveryPointRecord): string[] {
  const included = instance.includedNamespaces;
  return namespacesAt(instance.cluster, rp.time)
    .map((ns) => ns.name)
    .filter(
      (name) => !SKIPPED.has(name) && (included === undefined || included.includes(name)) && !instance.excludedNamespaces.includes(name),
    );
}

/** Checks a restore request against the estate; throws a 400 ModelError naming the field at fault. */
export function planRestore(
  instance: InstanceState,
  request: RestoreRequest,
  points: readonly RecoveryPointRecord[],
  clusterById: (id: string) => ClusterState | undefined,
  prefix = '',
): RestorePlan {
  const rp = points.find((p) => p.id.toLowerCase() === request.recoveryPointId.toLowerCase());
  if (!rp)
    throw refuse(
      'UserErrorRecoveryPointNotFound',
      `Recovery point '${request.recoveryPointId}' does not exist for backup instance '${instance.name}'.`,
      `${prefix}recoveryPointId`,
    );
  if (request.sourceDataStoreType !== 'OperationalStore') {
    throw refuse(
      'UserErrorRecoveryPointNotFoundInDataStore',
      `Recovery point '${rp.id}' exists only in OperationalStore, not in ${request.sourceDataStoreType}.`,
      `${prefix}sourceDataStoreType`,
    );
  }
  if (request.sourceResourceId !== undefined && request.sourceResourceId.toLowerCase() !== instance.cluster.id.toLowerCase()) {
    throw refuse(
      'UserErrorInvalidSourceResourceId',
      `sourceResourceId must be the protected cluster '${instance.cluster.id}'.`,
      `${prefix}sourceResourceId`,
    );
  }
  const info = request.restoreTargetInfo.datasourceInfo;
  const infoPath = `${prefix}restoreTargetInfo.datasourceInfo`;
  if (info.datasourceType.toLowerCase() !== AKS_DATASOURCE_TYPE.toLowerCase()) {
    throw refuse('UserErrorInvalidDatasourceType', `datasourceType must be ${AKS_DATASOURCE_TYPE}.`, `${infoPath}.datasourceType`);
  }
  const target = clusterById(info.resourceID);
  if (!target)
    throw refuse('UserErrorTargetDatasourceNotFound', `Target cluster '${info.resourceID}' was not found.`, `${infoPath}.resourceID`);
  if (target.location.toLowerCase() !== instance.vault.location.toLowerCase()) {
    throw refuse(
      'UserErrorCrossRegionRestoreNotSupported',
      `Target cluster is in ${target.location}; operational-tier restores must stay in the vault's region ${instance.vault.location}.`,
      `${infoPath}.resourceID`,
    );
  }
  if (target.powerState !== 'Running')
    throw refuse('UserErrorTargetClusterNotRunning', `Target cluster '${target.name}' is stopped.`, `${infoPath}.resourceID`);

  const criteria = request.restoreTargetInfo.restoreCriteria[0];
  const criteriaPath = `${prefix}restoreTargetInfo.restoreCriteria[0]`;
  const available = namespacesInPoint(instance, rp);
  const wanted = criteria?.includedNamespaces ?? available;
  const missing = wanted.find((ns) => !available.includes(ns));
  if (missing !== undefined) {
    throw refuse(
      'UserErrorNamespaceNotFoundInRecoveryPoint',
      `Namespace '${missing}' is not in recovery point '${rp.id}' (it holds: ${available.join(', ') || 'none'}).`,
      `${criteriaPath}.includedNamespaces`,
    );
  }
  const mappings: Record<string, string> = {};
  for (const ns of wanted.filter((n) => !(criteria?.excludedNamespaces ?? []).includes(n))) {
    const to = criteria?.namespaceMappings?.[ns] ?? ns;
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(to)) {
      throw refuse(
        'UserErrorInvalidRequestParameter',
        `Target namespace '${to}' is not a valid DNS-1123 label.`,
        `${criteriaPath}.namespaceMappings`,
      );
    }
    mappings[ns] = to;
  }
  return {
    recoveryPoint: rp,
    target,
    details: {
      recoveryPointId: rp.id,
      recoveryPointTime: rp.time,
      targetClusterId: target.id,
      namespaceMappings: mappings,
      conflictPolicy: criteria?.conflictPolicy ?? 'Skip',
    },
  };
}

/** The restore's effect when its job completes: mapped namespaces appear on the target with the source's objects. */
export function applyRestore(job: JobRecord, clusterById: (id: string) => ClusterState | undefined): void {
  const details = job.restore;
  const target = details ? clusterById(details.targetClusterId) : undefined;
  if (!details || !target || job.outcome !== 'Completed') return;
  for (const [from, to] of Object.entries(details.namespaceMappings)) {
    const source = job.instance.cluster.namespaces.find(
      (ns) => ns.name === from && ns.createdAt <= details.recoveryPointTime && (ns.deletedAt ?? Infinity) > details.recoveryPointTime,
    );
    if (!source) continue;
    const existing = namespaceAt(target, to, job.end);
    // Skip keeps what is there and creates what is missing (a drill's namespace, created empty first, receives
    // every object); Patch brings the backed-up objects back over it.
    if (existing) {
      const empty = existing.resources.deployments === 0 && existing.resources.pods === 0;
      if (details.conflictPolicy === 'Patch') existing.resources = { ...source.resources };
      else existing.resources = fillMissing(existing.resources, source.resources);
      // Restored objects keep their names: an empty namespace takes the source's object names.
      if (empty) existing.objectPrefix = source.objectPrefix ?? source.name;
      continue;
    }
    createNamespace(target, to, job.end, {
      labels: source.labels,
      resources: { ...source.resources },
      objectPrefix: source.objectPrefix ?? source.name,
    });
  }
}

/** Per kind: what the namespace already holds, or the backed-up count where it holds none. */
function fillMissing(have: ResourceCounts, backedUp: ResourceCounts): ResourceCounts {
  const out = { ...have };
  for (const key of Object.keys(backedUp) as (keyof ResourceCounts)[]) if ((have[key] ?? 0) === 0) out[key] = backedUp[key];
  return out;
}
