// Backup instances and jobs as the adapters report them (ARM ids in Azure's shape), for the job fakes and the tests.
// Error codes used by the tests are Azure Backup for AKS's own (docs/azure-backup-facts.md, failureClass.ts).
import type { JobFact } from '../../../shared/usecases/ports.js';

export const SUBSCRIPTION = '00000000-0000-0000-0000-000000000001';
export const VAULT_ID = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-backup/providers/Microsoft.DataProtection/backupVaults/bv-weu`;
export const POLICY_ID = `${VAULT_ID}/backupPolicies/aks-daily`;

export const instanceId = (name: string): string => `${VAULT_ID}/backupInstances/${name}`;
export const jobArmId = (guid: string): string => `${VAULT_ID}/backupJobs/${guid}`;

/** A finished scheduled backup job of `name`; override what the test is about. */
export function job(name: string, guid: string, over: Partial<JobFact> = {}): JobFact {
  return {
    id: jobArmId(guid),
    instanceId: instanceId(name),
    instanceName: name,
    vault: 'bv-weu',
    cluster: `aks-${name}`,
    operation: 'Backup',
    trigger: 'scheduled',
    status: 'Completed',
    startTime: new Date('2026-11-21T00:00:00Z'),
    endTime: new Date('2026-11-21T00:10:00Z'),
    errorCode: null,
    errorMessage: null,
    isRetryable: null,
    isUserError: null,
    // As the DataProtection adapter reads them: alert ingest trusts a named job only for an AKS datasource.
    datasourceType: 'Microsoft.ContainerService/managedClusters',
    datasourceId: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-${name}`,
    ...over,
  };
}

/** A failed scheduled backup job with Azure's error code (and flags, when the test needs them). */
export function failedJob(name: string, guid: string, errorCode: string, over: Partial<JobFact> = {}): JobFact {
  return job(name, guid, { status: 'Failed', errorCode, errorMessage: `${errorCode} (test)`, ...over });
}
