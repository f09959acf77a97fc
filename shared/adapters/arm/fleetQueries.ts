// The Resource Graph queries of the fleet check. Each returns an `id` column so that the service can page it with
// $skipToken, and projects only what the check reads, to keep a 5,000-instance fleet to a few pages per query.
import { AKS_DATASOURCE_TYPE } from '../dataProtection/types.js';
import { statusWords } from './kql.js';

/**
 * Every AKS backup instance: identity, tags, protection (currentProtectionState and protectionStatus.status: most
 * of the spec's examples carry only the latter) and its errors, cluster and policy.
 */
export const INSTANCES_QUERY = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| where tostring(properties.dataSourceInfo.datasourceType) =~ '${AKS_DATASOURCE_TYPE}'
| project id, name, tags,
    state = tostring(properties.currentProtectionState),
    status = tostring(properties.protectionStatus.status),
    protectionErrorDetails = properties.protectionErrorDetails,
    statusErrorDetails = properties.protectionStatus.errorDetails,
    clusterId = tostring(properties.dataSourceInfo.resourceID),
    clusterName = tostring(properties.dataSourceInfo.resourceName),
    policyId = tostring(properties.policyInfo.policyId)`;

export interface InstanceRow {
  readonly id: string;
  readonly name: string;
  readonly tags: Record<string, string> | null;
  readonly state: string;
  /** Empty when absent (Resource Graph writes a missing string as ''). */
  readonly status: string;
  readonly protectionErrorDetails: { code?: string; message?: string } | null;
  readonly statusErrorDetails: { code?: string; message?: string } | null;
  readonly clusterId: string;
  readonly clusterName: string;
  readonly policyId: string;
}

/**
 * Per instance (lower-case id): the newest backup job, the newest successful one — Completed, Succeeded or Success,
 * its start is the time on the recovery point it made — and the newest whose outcome is not final or not clear (any
 * status but success, Failed and Cancelled: a word Azure adds later counts as unsettled). Job history covers 30 days.
 */
export const JOBS_QUERY = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| where tostring(properties.operationCategory) =~ 'Backup'
| where tostring(properties.dataSourceType) =~ '${AKS_DATASOURCE_TYPE}'
| extend start = todatetime(properties.startTime), status = tostring(properties.status)
| summarize lastJob = max(start),
    lastSuccess = maxif(start, status in~ (${statusWords('succeeded')})),
    lastUnsettled = maxif(start, status !in~ (${statusWords('succeeded', 'failed', 'cancelled')}))
    by id = tolower(tostring(properties.backupInstanceId))`;

export interface JobSummaryRow {
  readonly id: string;
  readonly lastJob: string | null;
  readonly lastSuccess: string | null;
  readonly lastUnsettled: string | null;
}

/** Backup policies of the watched vaults, with their rules (the schedule is in the backup rule's trigger). */
export const POLICIES_QUERY = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backuppolicies'
| project id, policyRules = properties.policyRules`;

export interface PolicyRow {
  readonly id: string;
  readonly policyRules: unknown;
}

/** AKS clusters and their tags (a `backup-tier` or `rpo` tag on a cluster sets its instances' target). */
export const CLUSTERS_QUERY = `
Resources
| where type =~ 'microsoft.containerservice/managedclusters'
| project id, tags`;

export interface ClusterRow {
  readonly id: string;
  readonly tags: Record<string, string> | null;
}
