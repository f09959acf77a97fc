// The restore request of a drill, as DataProtection's TriggerRestore / ValidateForRestore take it for AKS: every
// included namespace mapped into its validation namespace, no cluster-scoped resources, volumes with data, Skip on
// conflict (the drill's namespaces start empty but for its own NetworkPolicy and ResourceQuota). The mapping passes
// the safety guard before any request is built, so a request that would write outside validation-* never exists.
import { AKS_DATASOURCE_TYPE } from '../azureWords.js';
import { guardMutation, type DrillScope } from './guard.js';

export interface DrillTarget {
  readonly clusterId: string;
  readonly clusterName: string;
  readonly location: string;
}

export interface DrillRestoreRequest {
  readonly objectType: 'AzureBackupRecoveryPointBasedRestoreRequest';
  readonly recoveryPointId: string;
  readonly sourceDataStoreType: 'OperationalStore' | 'VaultStore';
  readonly sourceResourceId: string;
  readonly restoreTargetInfo: Readonly<Record<string, unknown>>;
}

export function drillRestoreRequest(
  scope: DrillScope,
  source: { readonly clusterId: string; readonly recoveryPointId: string; readonly dataStore: 'OperationalStore' | 'VaultStore' },
  target: DrillTarget,
): { request: DrillRestoreRequest } | { refused: string } {
  const namespaceMappings = Object.fromEntries(scope.namespaces.map((n) => [n.source, n.target]));
  const verdict = guardMutation(scope, { kind: 'restore', mappings: namespaceMappings, includeClusterScopeResources: false });
  if (!verdict.allowed) return { refused: verdict.rule };
  return {
    request: {
      objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
      recoveryPointId: source.recoveryPointId,
      sourceDataStoreType: source.dataStore,
      sourceResourceId: source.clusterId,
      restoreTargetInfo: {
        objectType: 'ItemLevelRestoreTargetInfo',
        recoveryOption: 'FailIfExists',
        restoreLocation: target.location,
        datasourceInfo: {
          objectType: 'Datasource',
          datasourceType: AKS_DATASOURCE_TYPE,
          resourceID: target.clusterId,
          resourceName: target.clusterName,
          resourceType: 'Microsoft.ContainerService/managedclusters',
          resourceLocation: target.location,
          resourceUri: target.clusterId,
        },
        restoreCriteria: [
          {
            objectType: 'KubernetesClusterRestoreCriteria',
            includeClusterScopeResources: false,
            includedNamespaces: scope.namespaces.map((n) => n.source),
            namespaceMappings,
            conflictPolicy: 'Skip',
            persistentVolumeRestoreMode: 'RestoreWithVolumeData',
          },
        ],
      },
    },
  };
}
