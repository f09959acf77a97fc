// ARM representations of vaults, policies, backup instances and clusters, shaped like the DataProtection and AKS
// spec examples. Resource Graph serves the very same objects, so REST and ARG can never disagree.
import type { ProtectionView } from './behaviour.js';
import { guidFrom } from './hash.js';
import { isoSeconds } from './time.js';
import { AKS_DATASOURCE_TYPE, type ClusterState, type InstanceState, type JobError, type PolicyState, type VaultState } from './types.js';
import { DEFAULT_WORDING, type EstateWording } from './wording.js';

export const TYPES = {
  vault: 'Microsoft.DataProtection/backupVaults',
  instance: 'Microsoft.DataProtection/backupVaults/backupInstances',
  policy: 'Microsoft.DataProtection/backupVaults/backupPolicies',
  job: 'Microsoft.DataProtection/backupVaults/backupJobs',
  recoveryPoint: 'Microsoft.DataProtection/backupVaults/backupInstances/recoveryPoints',
  cluster: 'Microsoft.ContainerService/managedClusters',
} as const;

const dataStore = (type: 'OperationalStore' | 'VaultStore'): Record<string, string> => ({
  objectType: 'DataStoreInfoBase',
  dataStoreType: type,
});

export function vaultView(vault: VaultState, tenantId: string): Record<string, unknown> {
  return {
    id: vault.id,
    name: vault.name,
    type: TYPES.vault,
    location: vault.location,
    tags: { ...vault.tags },
    identity: { type: 'SystemAssigned', principalId: vault.principalId, tenantId },
    properties: {
      provisioningState: 'Succeeded',
      resourceMoveState: 'Unknown',
      storageSettings: [{ datastoreType: 'VaultStore', type: vault.redundancy }],
      monitoringSettings: { azureMonitorAlertSettings: { alertsForAllJobFailures: 'Enabled' } },
      securitySettings: { softDeleteSettings: { state: 'On', retentionDurationInDays: 14 }, immutabilitySettings: { state: 'Disabled' } },
      featureSettings: { crossRegionRestoreSettings: { state: 'Disabled' } },
      isVaultProtectedByResourceGuard: false,
      replicatedRegions: [],
      secureScore: 'Adequate',
    },
  };
}

/** 'R/2026-01-10T02:00:00+00:00/PT4H', the form the portal and CLI write. */
export const scheduleOf = (policy: PolicyState): string =>
  `R/${isoSeconds(policy.scheduleStart).replace(/Z$/, '+00:00')}/${policy.interval}`;

export function policyView(policy: PolicyState): Record<string, unknown> {
  return {
    id: policy.id,
    name: policy.name,
    type: TYPES.policy,
    properties: {
      objectType: 'BackupPolicy',
      datasourceTypes: [AKS_DATASOURCE_TYPE],
      policyRules: [
        {
          objectType: 'AzureBackupRule',
          name: policy.rule,
          backupParameters: { objectType: 'AzureBackupParams', backupType: 'Incremental' },
          dataStore: dataStore('OperationalStore'),
          trigger: {
            objectType: 'ScheduleBasedTriggerContext',
            schedule: { repeatingTimeIntervals: [scheduleOf(policy)], timeZone: 'UTC' },
            taggingCriteria: [{ isDefault: true, taggingPriority: 99, tagInfo: { id: 'Default_', tagName: 'Default' } }],
          },
        },
        {
          objectType: 'AzureRetentionRule',
          name: 'Default',
          isDefault: true,
          lifecycles: [
            {
              deleteAfter: { objectType: 'AbsoluteDeleteOption', duration: policy.retention },
              sourceDataStore: dataStore('OperationalStore'),
              targetDataStoreCopySettings: [],
            },
          ],
        },
      ],
    },
  };
}

export const userFacingError = (e: JobError): Record<string, unknown> => ({
  code: e.code,
  message: e.message,
  isRetryable: e.isRetryable,
  isUserError: e.isUserError,
  recommendedAction: [],
  details: [],
});

const datasource = (cluster: ClusterState, objectType: 'Datasource' | 'DatasourceSet'): Record<string, string> => ({
  objectType,
  datasourceType: AKS_DATASOURCE_TYPE,
  resourceID: cluster.id,
  resourceLocation: cluster.location,
  resourceName: cluster.name,
  resourceType: AKS_DATASOURCE_TYPE,
  resourceUri: cluster.id,
});

export function instanceView(
  instance: InstanceState,
  protection: ProtectionView,
  wording: Pick<EstateWording, 'currentProtectionState'> = DEFAULT_WORDING,
): Record<string, unknown> {
  const { cluster } = instance;
  const protectionStatus: Record<string, unknown> = { status: protection.status };
  if (protection.error) protectionStatus.errorDetails = userFacingError(protection.error);
  return {
    id: instance.id,
    name: instance.name,
    type: TYPES.instance,
    ...(Object.keys(instance.tags).length > 0 ? { tags: { ...instance.tags } } : {}),
    properties: {
      objectType: 'BackupInstance',
      friendlyName: instance.friendlyName,
      provisioningState: 'Succeeded',
      ...(wording.currentProtectionState ? { currentProtectionState: protection.currentProtectionState } : {}),
      protectionStatus,
      ...(protection.error ? { protectionErrorDetails: userFacingError(protection.error) } : {}),
      dataSourceInfo: datasource(cluster, 'Datasource'),
      dataSourceSetInfo: datasource(cluster, 'DatasourceSet'),
      policyInfo: {
        policyId: instance.policy.id,
        policyVersion: '',
        policyParameters: {
          dataStoreParametersList: [
            {
              objectType: 'AzureOperationalStoreParameters',
              dataStoreType: 'OperationalStore',
              resourceGroupId: instance.snapshotResourceGroupId,
            },
          ],
          backupDatasourceParametersList: [
            {
              objectType: 'KubernetesClusterBackupDatasourceParameters',
              snapshotVolumes: true,
              includeClusterScopeResources: true,
              ...(instance.includedNamespaces ? { includedNamespaces: [...instance.includedNamespaces] } : {}),
              excludedNamespaces: [...instance.excludedNamespaces],
              labelSelectors: [],
              backupHookReferences: [],
            },
          ],
        },
      },
      identityDetails: { useSystemAssignedIdentity: true },
    },
  };
}

export function clusterView(cluster: ClusterState, tenantId: string): Record<string, unknown> {
  const dnsPrefix = `${cluster.name}-dns`;
  const suffix = guidFrom(cluster.id).slice(0, 8);
  return {
    id: cluster.id,
    name: cluster.name,
    type: TYPES.cluster,
    location: cluster.location,
    tags: { ...cluster.tags },
    identity: { type: 'SystemAssigned', principalId: guidFrom(`${cluster.id}/identity`), tenantId },
    sku: { name: 'Base', tier: 'Standard' },
    properties: {
      provisioningState: 'Succeeded',
      powerState: { code: cluster.powerState },
      kubernetesVersion: cluster.kubernetesVersion,
      currentKubernetesVersion: cluster.kubernetesVersion,
      dnsPrefix,
      fqdn: `${dnsPrefix}-${suffix}.hcp.${cluster.location}.azmk8s.io`,
      azurePortalFQDN: `${dnsPrefix}-${suffix}.portal.hcp.${cluster.location}.azmk8s.io`,
      nodeResourceGroup: `MC_${cluster.resourceGroup}_${cluster.name}_${cluster.location}`,
      enableRBAC: true,
      agentPoolProfiles: [
        {
          name: 'system',
          count: 3,
          vmSize: 'Standard_D4ds_v5',
          osType: 'Linux',
          mode: 'System',
          orchestratorVersion: cluster.kubernetesVersion,
          provisioningState: 'Succeeded',
          powerState: { code: cluster.powerState },
        },
      ],
      apiServerAccessProfile: { disableRunCommand: false },
      maxAgentPools: 100,
    },
  };
}
