// Typed Microsoft.DataProtection client: the subset of operations the product uses, on the shared ARM transport.
// Written by hand because @azure/arm-dataprotection is not available from this project's registry; method names
// follow that SDK (listInSubscription, adhocBackup, validateForRestore, triggerRestore…) so a swap stays easy.
import { armPath, type ArmTransport } from '../arm/armTransport.js';
import type {
  BackupInstance,
  BackupJob,
  BackupPolicy,
  BackupVault,
  OperationJobExtendedInfo,
  OperationResource,
  RecoveryPoint,
  RestoreRequest,
  TriggerBackupRequest,
} from './types.js';

const PROVIDER = 'providers/Microsoft.DataProtection';

export interface RecoveryPointWindow {
  readonly startDate?: Date;
  readonly endDate?: Date;
}

/** `$filter` as the service and az CLI spell it: `startDate eq '…' and endDate eq '…'` (UTC, no fraction). */
export function recoveryPointFilter(window: RecoveryPointWindow): string | undefined {
  const fmt = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const parts = [
    ...(window.startDate ? [`startDate eq '${fmt(window.startDate)}'`] : []),
    ...(window.endDate ? [`endDate eq '${fmt(window.endDate)}'`] : []),
  ];
  return parts.length ? parts.join(' and ') : undefined;
}

export class DataProtectionClient {
  constructor(private readonly arm: ArmTransport) {}

  /** Backup vaults of a subscription, or of one resource group in it (BackupVaults_GetInSubscription / _GetInResourceGroup). */
  listVaults(subscriptionId: string, resourceGroup?: string): AsyncGenerator<BackupVault> {
    const scope = resourceGroup ? `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}` : `/subscriptions/${subscriptionId}`;
    return this.arm.list<BackupVault>(armPath(scope, PROVIDER, 'backupVaults'));
  }

  listBackupInstances(vaultId: string): AsyncGenerator<BackupInstance> {
    return this.arm.list<BackupInstance>(armPath(vaultId, 'backupInstances'));
  }

  /** Backup instances protecting one AKS cluster, wherever their vault is (BackupInstancesExtensionRouting_List). */
  listBackupInstancesForCluster(clusterId: string): AsyncGenerator<BackupInstance> {
    return this.arm.list<BackupInstance>(armPath(clusterId, PROVIDER, 'backupInstances'));
  }

  getBackupInstance(instanceId: string): Promise<BackupInstance> {
    return this.arm.get<BackupInstance>(armPath(instanceId));
  }

  getPolicy(policyId: string): Promise<BackupPolicy> {
    return this.arm.get<BackupPolicy>(armPath(policyId));
  }

  /** Recovery points of an instance, all pages; the order is undocumented, so callers pick the newest themselves. */
  listRecoveryPoints(instanceId: string, window: RecoveryPointWindow = {}): AsyncGenerator<RecoveryPoint> {
    const filter = recoveryPointFilter(window);
    return this.arm.list<RecoveryPoint>(armPath(instanceId, 'recoveryPoints'), filter ? { $filter: filter } : undefined);
  }

  /** Jobs of a vault. The API has no server-side filter; use Resource Graph for fleet-wide job queries. */
  listJobs(vaultId: string): AsyncGenerator<BackupJob> {
    return this.arm.list<BackupJob>(armPath(vaultId, 'backupJobs'));
  }

  /** A job by its ARM id, or by vault id + job name (the `jobId` an operation returns). */
  getJob(jobIdOrVaultId: string, jobName?: string): Promise<BackupJob> {
    const id = jobName === undefined ? jobIdOrVaultId : `${jobIdOrVaultId}/backupJobs/${jobName}`;
    return this.arm.get<BackupJob>(armPath(id));
  }

  /** BackupInstances_AdhocBackup: starts a backup now and resolves with the new job's id when ARM accepts it. */
  adhocBackup(instanceId: string, request: TriggerBackupRequest, abortSignal?: AbortSignal): Promise<OperationJobExtendedInfo> {
    return this.arm.runOperation<OperationJobExtendedInfo>(armPath(instanceId, 'backup'), request, abortSignal);
  }

  /** BackupInstances_ValidateForRestore. */
  validateForRestore(
    instanceId: string,
    restoreRequestObject: RestoreRequest,
    abortSignal?: AbortSignal,
  ): Promise<OperationJobExtendedInfo> {
    return this.arm.runOperation<OperationJobExtendedInfo>(armPath(instanceId, 'validateRestore'), { restoreRequestObject }, abortSignal);
  }

  /** BackupInstances_TriggerRestore. */
  triggerRestore(instanceId: string, request: RestoreRequest, abortSignal?: AbortSignal): Promise<OperationJobExtendedInfo> {
    return this.arm.runOperation<OperationJobExtendedInfo>(armPath(instanceId, 'restore'), request, abortSignal);
  }

  /** OperationStatusBackupVaultContext_Get: the state of an operation started earlier (e.g. by a crashed run). */
  getOperationStatus(vaultId: string, operationId: string): Promise<OperationResource> {
    return this.arm.get<OperationResource>(armPath(vaultId, 'operationStatus', operationId));
  }
}
