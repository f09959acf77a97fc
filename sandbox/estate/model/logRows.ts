// The AddonAzureBackupJobs table of the Log Analytics workspace, derived from the same job history as the REST
// API. Azure writes one row per job state change, each landing after an ingestion lag: an InProgress row at
// start + lag and a final row at end + lag. That is why real queries `summarize arg_max(TimeGenerated, *) by
// JobUniqueId`, and why a job can be Completed in ARM while the workspace still says InProgress.
import type { EstateModel } from './estate.js';
import { AKS_DATASOURCE_TYPE, type JobRecord } from './types.js';

/** Interactive retention of the workspace: rows older than this are gone. */
export const WORKSPACE_RETENTION_MS = 30 * 86_400_000;

export const JOB_COLUMNS = {
  TenantId: 'string',
  TimeGenerated: 'datetime',
  Category: 'string',
  OperationName: 'string',
  SchemaVersion: 'string',
  State: 'string',
  JobUniqueId: 'string',
  JobStatus: 'string',
  JobFailureCode: 'string',
  JobOperation: 'string',
  JobOperationSubType: 'string',
  JobStartDateTime: 'datetime',
  JobDurationInSecs: 'real',
  AdHocOrScheduledJob: 'string',
  BackupItemUniqueId: 'string',
  BackupItemId: 'string',
  BackupItemFriendlyName: 'string',
  BackupManagementType: 'string',
  DatasourceType: 'string',
  DatasourceResourceId: 'string',
  DatasourceFriendlyName: 'string',
  DatasourceSetType: 'string',
  DatasourceSetResourceId: 'string',
  RecoveryJobDestination: 'string',
  RecoveryJobRPDateTime: 'datetime',
  VaultName: 'string',
  VaultUniqueId: 'string',
  VaultType: 'string',
  ResourceId: 'string',
  _ResourceId: 'string',
  ExtendedProperties: 'dynamic',
  Type: 'string',
} as const;

function jobRow(model: EstateModel, job: JobRecord, timeGenerated: number, final: boolean): Record<string, unknown> {
  const { instance } = job;
  const { cluster, vault } = instance;
  const status = final ? job.outcome : 'InProgress';
  return {
    TenantId: model.settings.workspaceId,
    TimeGenerated: timeGenerated,
    Category: 'AddonAzureBackupJobs',
    OperationName: 'Job',
    SchemaVersion: 'V2',
    State: 'Active',
    JobUniqueId: job.id,
    JobStatus: status,
    JobFailureCode: status === 'Failed' ? (job.error?.code ?? 'UserErrorGenericFailure') : status === 'Completed' ? 'Success' : '',
    JobOperation: job.kind === 'restore' ? 'Restore' : 'Backup',
    JobOperationSubType:
      job.kind === 'restore'
        ? job.restore?.targetClusterId.toLowerCase() === cluster.id.toLowerCase()
          ? 'OriginalLocationRestore'
          : 'AlternateLocationRestore'
        : 'Incremental',
    JobStartDateTime: job.start,
    JobDurationInSecs: final ? (job.end - job.start) / 1000 : 0,
    AdHocOrScheduledJob: job.kind === 'scheduled' ? 'Scheduled' : 'Adhoc',
    BackupItemUniqueId: instance.id.toLowerCase(),
    BackupItemId: instance.id,
    BackupItemFriendlyName: instance.friendlyName,
    BackupManagementType: 'AzureKubernetesService',
    DatasourceType: AKS_DATASOURCE_TYPE,
    DatasourceResourceId: cluster.id,
    DatasourceFriendlyName: cluster.name,
    DatasourceSetType: AKS_DATASOURCE_TYPE,
    DatasourceSetResourceId: cluster.id,
    RecoveryJobDestination: job.restore?.targetClusterId ?? '',
    RecoveryJobRPDateTime: job.restore?.recoveryPointTime ?? null,
    VaultName: vault.name,
    VaultUniqueId: vault.id.toLowerCase(),
    VaultType: 'Microsoft.DataProtection/backupVaults',
    ResourceId: vault.id,
    _ResourceId: vault.id.toLowerCase(),
    ExtendedProperties: { isUserTriggered: job.kind !== 'scheduled', policyName: instance.policy.name },
    Type: 'AddonAzureBackupJobs',
  };
}

/** Rows ingested by `now` (and still retained), optionally limited to a TimeGenerated range. */
export function* backupJobRows(model: EstateModel, range: { from?: number; to?: number } = {}): Generator<Record<string, unknown>> {
  const now = model.nowMs();
  const lag = model.settings.ingestionLagMs;
  const from = Math.max(range.from ?? -Infinity, now - WORKSPACE_RETENTION_MS);
  const to = Math.min(range.to ?? Infinity, now);
  const visible = (t: number): boolean => t >= from && t <= to;
  for (const vault of model.vaults()) {
    for (const instance of model.instances(vault)) {
      for (const job of model.history.jobs(instance, now)) {
        if (visible(job.start + lag)) yield jobRow(model, job, job.start + lag, false);
        // end + lag ≤ now implies the job has ended, so this row always carries its outcome.
        if (visible(job.end + lag)) yield jobRow(model, job, job.end + lag, true);
      }
    }
  }
}
