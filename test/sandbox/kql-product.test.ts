// The queries the product actually sends to Resource Graph and Log Analytics, run over small hand-made
// tables whose expected results were worked out by hand.
import { describe, expect, it } from 'vitest';
import { runKql, toLogAnalyticsJson, toResourceGraphObjects, type KqlTableSource } from '../../sandbox/estate/kql/index.js';

const NOW = new Date('2026-11-21T12:00:00Z');
const at = (iso: string): Date => new Date(iso);
const SUB = '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-backup';
const VAULT = `${SUB}/providers/Microsoft.DataProtection/backupVaults/bv-1`;
const AKS =
  '/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters';

function job(
  name: string,
  properties: Record<string, unknown>,
  type = 'Microsoft.DataProtection/backupVaults/backupJobs',
): Record<string, unknown> {
  return { id: `${VAULT}/backupJobs/${name}`, name, type, resourceGroup: 'rg-backup', properties, tags: {} };
}
const aks = { dataSourceType: 'Microsoft.ContainerService/managedClusters', operationCategory: 'Backup' };
const biA = `${VAULT}/backupInstances/BI-A`;
const biB = `${VAULT}/backupInstances/bi-b`;
const jobErr = [{ code: 'UserErrorKubernetesBackupExtensionNotFound', message: 'extension missing' }];

const recoveryServicesResources: KqlTableSource = {
  columns: { id: 'string', name: 'string', type: 'string', resourceGroup: 'string', properties: 'dynamic', tags: 'dynamic' },
  rows: () => [
    job('j1', {
      ...aks,
      status: 'Failed',
      startTime: '2026-11-21T09:00:00Z',
      endTime: '2026-11-21T09:10:00Z',
      backupInstanceId: biA,
      errorDetails: jobErr,
    }),
    job('j2', {
      ...aks,
      status: 'Failed',
      startTime: '2026-11-21T03:00:00Z',
      endTime: '2026-11-21T03:05:00Z',
      backupInstanceId: biA,
      errorDetails: jobErr,
    }),
    job('j3', { ...aks, status: 'Completed', startTime: '2026-11-21T07:50:00Z', endTime: '2026-11-21T08:00:00Z', backupInstanceId: biA }),
    job('j4', {
      ...aks,
      status: 'CompletedWithWarnings',
      startTime: '2026-11-21T09:50:00Z',
      endTime: '2026-11-21T10:00:00Z',
      backupInstanceId: biA.toLowerCase(),
    }),
    job('j5', {
      ...aks,
      operationCategory: 'Restore',
      status: 'Completed',
      startTime: '2026-11-21T11:00:00Z',
      endTime: '2026-11-21T11:30:00Z',
      backupInstanceId: biA,
    }),
    job('j6', { ...aks, status: 'Completed', startTime: '2026-11-20T09:30:00Z', endTime: '2026-11-20T10:00:00Z', backupInstanceId: biB }),
    job('j7', { ...aks, status: 'InProgress', startTime: '2026-11-21T11:55:00Z', backupInstanceId: biB }),
    job('j8', {
      dataSourceType: 'Microsoft.Compute/virtualMachines',
      operationCategory: 'Backup',
      status: 'Failed',
      startTime: '2026-11-21T10:00:00Z',
      backupInstanceId: `${VAULT}/backupInstances/vm`,
    }),
    {
      id: VAULT,
      name: 'bv-1',
      type: 'microsoft.dataprotection/backupvaults',
      resourceGroup: 'rg-backup',
      properties: { status: 'Failed' },
      tags: {},
    },
  ],
};

const resources: KqlTableSource = {
  columns: { id: 'string', name: 'string', type: 'string', location: 'string', tags: 'dynamic', properties: 'dynamic' },
  rows: () => [
    {
      id: `${AKS}/aks-gold`,
      name: 'aks-gold',
      type: 'Microsoft.ContainerService/managedClusters',
      location: 'westeurope',
      tags: { 'backup-tier': 'gold', env: 'prod' },
      properties: {},
    },
    {
      id: `${AKS}/aks-untagged`,
      name: 'aks-untagged',
      type: 'microsoft.containerservice/managedclusters',
      location: 'westeurope',
      tags: null,
      properties: {},
    },
    {
      id: `${SUB}/providers/Microsoft.Storage/storageAccounts/st1`,
      name: 'st1',
      type: 'microsoft.storage/storageaccounts',
      location: 'westeurope',
      tags: { 'backup-tier': 'gold' },
      properties: {},
    },
  ],
};

interface LaJob {
  TimeGenerated: string;
  JobUniqueId: string;
  JobStatus: string;
  JobStartDateTime: string;
  JobDurationInSecs?: number;
  JobOperation?: string;
  DatasourceType?: string;
  JobFailureCode?: string;
  BackupItemUniqueId?: string;
  DatasourceResourceId?: string;
}

const laColumns = {
  TimeGenerated: 'datetime',
  JobUniqueId: 'string',
  JobOperation: 'string',
  JobStatus: 'string',
  JobStartDateTime: 'datetime',
  JobDurationInSecs: 'real',
  JobFailureCode: 'string',
  AdHocOrScheduledJob: 'string',
  BackupItemUniqueId: 'string',
  DatasourceResourceId: 'string',
  DatasourceType: 'string',
  ResourceId: 'string',
} as const;

function laTable(jobs: LaJob[]): KqlTableSource {
  return {
    columns: laColumns,
    rows: () =>
      jobs.map((j) => ({
        JobOperation: 'Backup',
        DatasourceType: 'Microsoft.ContainerService/managedClusters',
        AdHocOrScheduledJob: 'Scheduled',
        BackupItemUniqueId: 'item-1',
        DatasourceResourceId: `${AKS}/aks-1`,
        ResourceId: VAULT.toUpperCase(),
        JobDurationInSecs: 600,
        ...j,
        TimeGenerated: at(j.TimeGenerated),
        JobStartDateTime: at(j.JobStartDateTime),
      })),
  };
}

const env = (tables: Record<string, KqlTableSource>): { tables: Record<string, KqlTableSource>; now: Date } => ({ tables, now: NOW });

describe('Resource Graph queries of the product', () => {
  it('finds recent failed AKS backup jobs', () => {
    const query = `RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| where properties.dataSourceType =~ 'Microsoft.ContainerService/managedClusters'
| where tostring(properties.status) == 'Failed' and todatetime(properties.startTime) > ago(6h)
| project id, bi=tostring(properties.backupInstanceId), op=properties.operationCategory, start=properties.startTime, err=properties.errorDetails`;
    const result = runKql(query, env({ RecoveryServicesResources: recoveryServicesResources }));
    expect(result.columns).toEqual([
      { name: 'id', type: 'string' },
      { name: 'bi', type: 'string' },
      { name: 'op', type: 'dynamic' },
      { name: 'start', type: 'dynamic' },
      { name: 'err', type: 'dynamic' },
    ]);
    expect(result.rows).toEqual([[`${VAULT}/backupJobs/j1`, biA, 'Backup', '2026-11-21T09:00:00Z', jobErr]]);
    expect(toResourceGraphObjects(result)).toEqual([
      { id: `${VAULT}/backupJobs/j1`, bi: biA, op: 'Backup', start: '2026-11-21T09:00:00Z', err: jobErr },
    ]);
  });

  it('finds the last successful backup per instance, grouping instance ids case-insensitively', () => {
    const query = `RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| extend p = properties
| where tostring(p.operationCategory) =~ 'Backup' and tostring(p.status) in~ ('Completed', 'CompletedWithWarnings')
| summarize arg_max(todatetime(p.endTime), *) by backupInstanceId = tolower(tostring(p.backupInstanceId))
| project backupInstanceId, lastSuccessEnd = todatetime(p.endTime), jobId = name`;
    const result = runKql(query, env({ RecoveryServicesResources: recoveryServicesResources }));
    expect(result.columns).toEqual([
      { name: 'backupInstanceId', type: 'string' },
      { name: 'lastSuccessEnd', type: 'datetime' },
      { name: 'jobId', type: 'string' },
    ]);
    expect(result.rows).toEqual([
      [biA.toLowerCase(), at('2026-11-21T10:00:00Z'), 'j4'],
      [biB.toLowerCase(), at('2026-11-20T10:00:00Z'), 'j6'],
    ]);
    expect(toResourceGraphObjects(result)).toEqual([
      { backupInstanceId: biA.toLowerCase(), lastSuccessEnd: '2026-11-21T10:00:00Z', jobId: 'j4' },
      { backupInstanceId: biB.toLowerCase(), lastSuccessEnd: '2026-11-20T10:00:00Z', jobId: 'j6' },
    ]);
  });

  it('reads the backup tier tag of AKS clusters (missing tag → empty string)', () => {
    const query =
      "Resources | where type =~ 'microsoft.containerservice/managedclusters' | project id, name, tier = tostring(tags['backup-tier'])";
    const result = runKql(query, env({ Resources: resources }));
    expect(toResourceGraphObjects(result)).toEqual([
      { id: `${AKS}/aks-gold`, name: 'aks-gold', tier: 'gold' },
      { id: `${AKS}/aks-untagged`, name: 'aks-untagged', tier: '' },
    ]);
  });
});

describe('Log Analytics queries of the product', () => {
  const failedJobs = laTable([
    // jobA: in progress, then failed within the window → reported.
    { TimeGenerated: '2026-11-21T10:00:00Z', JobUniqueId: 'jobA', JobStatus: 'InProgress', JobStartDateTime: '2026-11-21T10:00:00Z' },
    {
      TimeGenerated: '2026-11-21T10:30:00Z',
      JobUniqueId: 'jobA',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T10:00:00Z',
      JobFailureCode: 'UserErrorSnapshotFailed',
    },
    // jobB: latest record still in progress.
    { TimeGenerated: '2026-11-21T11:00:00Z', JobUniqueId: 'jobB', JobStatus: 'InProgress', JobStartDateTime: '2026-11-21T11:00:00Z' },
    // jobC: record inside N+1h but the job started before ago(N).
    {
      TimeGenerated: '2026-11-21T05:30:00Z',
      JobUniqueId: 'jobC',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T05:15:00Z',
      JobFailureCode: 'X',
    },
    // jobD: failed, then a later record says completed.
    {
      TimeGenerated: '2026-11-21T09:00:00Z',
      JobUniqueId: 'jobD',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T08:50:00Z',
      JobFailureCode: 'Y',
    },
    { TimeGenerated: '2026-11-21T09:30:00Z', JobUniqueId: 'jobD', JobStatus: 'Completed', JobStartDateTime: '2026-11-21T08:50:00Z' },
    // jobE: a VM backup; jobF: a restore.
    {
      TimeGenerated: '2026-11-21T10:00:00Z',
      JobUniqueId: 'jobE',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T09:55:00Z',
      DatasourceType: 'Microsoft.Compute/virtualMachines',
    },
    {
      TimeGenerated: '2026-11-21T10:00:00Z',
      JobUniqueId: 'jobF',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T09:55:00Z',
      JobOperation: 'Restore',
    },
    // jobG: matching case-insensitively on DatasourceType.
    {
      TimeGenerated: '2026-11-21T11:30:00Z',
      JobUniqueId: 'jobG',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T11:20:00Z',
      DatasourceType: 'microsoft.containerservice/managedclusters',
      JobFailureCode: 'Z',
    },
  ]);

  it('lists failed AKS backup jobs of the last N hours', () => {
    const query = `let N = 6h;
AddonAzureBackupJobs
| where TimeGenerated > ago(N + 1h)
| where DatasourceType =~ "Microsoft.ContainerService/managedClusters" and JobOperation == "Backup"
| summarize arg_max(TimeGenerated, *) by JobUniqueId
| where JobStatus == "Failed" and JobStartDateTime > ago(N)
| project JobStartDateTime, JobUniqueId, JobFailureCode, AdHocOrScheduledJob, BackupItemUniqueId, DatasourceResourceId, Vault=ResourceId`;
    const result = runKql(query, env({ AddonAzureBackupJobs: failedJobs }));
    expect(result.columns.map((c) => `${c.name}:${c.type}`)).toEqual([
      'JobStartDateTime:datetime',
      'JobUniqueId:string',
      'JobFailureCode:string',
      'AdHocOrScheduledJob:string',
      'BackupItemUniqueId:string',
      'DatasourceResourceId:string',
      'Vault:string',
    ]);
    expect(result.rows).toEqual([
      [at('2026-11-21T10:00:00Z'), 'jobA', 'UserErrorSnapshotFailed', 'Scheduled', 'item-1', `${AKS}/aks-1`, VAULT.toUpperCase()],
      [at('2026-11-21T11:20:00Z'), 'jobG', 'Z', 'Scheduled', 'item-1', `${AKS}/aks-1`, VAULT.toUpperCase()],
    ]);
    expect(toLogAnalyticsJson(result).tables[0].rows[0]).toEqual([
      '2026-11-21T10:00:00Z',
      'jobA',
      'UserErrorSnapshotFailed',
      'Scheduled',
      'item-1',
      `${AKS}/aks-1`,
      VAULT.toUpperCase(),
    ]);
  });

  it('arg_max(TimeGenerated, *) keeps the by key first, then the maximised column, then the rest', () => {
    const query = `AddonAzureBackupJobs | summarize arg_max(TimeGenerated, *) by JobUniqueId | where JobUniqueId == 'jobA'`;
    const result = runKql(query, env({ AddonAzureBackupJobs: failedJobs }));
    expect(result.columns.map((c) => c.name)).toEqual([
      'JobUniqueId',
      'TimeGenerated',
      'JobOperation',
      'JobStatus',
      'JobStartDateTime',
      'JobDurationInSecs',
      'JobFailureCode',
      'AdHocOrScheduledJob',
      'BackupItemUniqueId',
      'DatasourceResourceId',
      'DatasourceType',
      'ResourceId',
    ]);
    expect(result.rows[0]?.slice(0, 4)).toEqual(['jobA', at('2026-11-21T10:30:00Z'), 'Backup', 'Failed']);
  });

  it('computes the last success per backup item with its end time and age', () => {
    const table = laTable([
      // item-1: two successes; the later start wins (its end = start + duration).
      {
        TimeGenerated: '2026-11-20T01:10:00Z',
        JobUniqueId: 's1',
        JobStatus: 'Completed',
        JobStartDateTime: '2026-11-20T01:00:00Z',
        JobDurationInSecs: 600,
      },
      { TimeGenerated: '2026-11-21T02:00:00Z', JobUniqueId: 's2', JobStatus: 'InProgress', JobStartDateTime: '2026-11-21T01:59:30Z' },
      {
        TimeGenerated: '2026-11-21T02:30:00Z',
        JobUniqueId: 's2',
        JobStatus: 'CompletedWithWarnings',
        JobStartDateTime: '2026-11-21T01:59:30Z',
        JobDurationInSecs: 1830.5,
      },
      // item-1: a newer failure does not count.
      { TimeGenerated: '2026-11-21T10:00:00Z', JobUniqueId: 's3', JobStatus: 'Failed', JobStartDateTime: '2026-11-21T09:50:00Z' },
      // item-2: older than 30 days → out of the window.
      {
        TimeGenerated: '2026-10-01T00:00:00Z',
        JobUniqueId: 's4',
        JobStatus: 'Completed',
        JobStartDateTime: '2026-10-01T00:00:00Z',
        BackupItemUniqueId: 'item-2',
      },
      // item-3: a success whose last record is a retry-failure → excluded; plus a good one.
      {
        TimeGenerated: '2026-11-15T12:00:00Z',
        JobUniqueId: 's5',
        JobStatus: 'Completed',
        JobStartDateTime: '2026-11-15T11:00:00Z',
        BackupItemUniqueId: 'item-3',
        JobDurationInSecs: 3600,
      },
    ]);
    const query = `AddonAzureBackupJobs
| where TimeGenerated > ago(30d)
| where DatasourceType =~ "Microsoft.ContainerService/managedClusters" and JobOperation == "Backup"
| summarize arg_max(TimeGenerated, *) by JobUniqueId
| where JobStatus in ("Completed", "CompletedWithWarnings")
| summarize arg_max(JobStartDateTime, JobUniqueId, JobDurationInSecs) by BackupItemUniqueId, DatasourceResourceId, ResourceId
| extend LastSuccessEnd = JobStartDateTime + 1s * JobDurationInSecs, HoursSince = datetime_diff('hour', now(), JobStartDateTime)`;
    const result = runKql(query, env({ AddonAzureBackupJobs: table }));
    expect(result.columns).toEqual([
      { name: 'BackupItemUniqueId', type: 'string' },
      { name: 'DatasourceResourceId', type: 'string' },
      { name: 'ResourceId', type: 'string' },
      { name: 'JobStartDateTime', type: 'datetime' },
      { name: 'JobUniqueId', type: 'string' },
      { name: 'JobDurationInSecs', type: 'real' },
      { name: 'LastSuccessEnd', type: 'datetime' },
      { name: 'HoursSince', type: 'long' },
    ]);
    expect(result.rows).toEqual([
      // 12:00 − 01:59:30 crosses 11 hour boundaries (01→12).
      ['item-1', `${AKS}/aks-1`, VAULT.toUpperCase(), at('2026-11-21T01:59:30Z'), 's2', 1830.5, at('2026-11-21T02:30:00.500Z'), 11],
      ['item-3', `${AKS}/aks-1`, VAULT.toUpperCase(), at('2026-11-15T11:00:00Z'), 's5', 3600, at('2026-11-15T12:00:00Z'), 145],
    ]);
    const la = toLogAnalyticsJson(result).tables[0];
    expect(la.rows[0]).toEqual([
      'item-1',
      `${AKS}/aks-1`,
      VAULT.toUpperCase(),
      '2026-11-21T01:59:30Z',
      's2',
      1830.5,
      '2026-11-21T02:30:00.500Z',
      11,
    ]);
  });

  it('computes hourly success rates below 95%, worst first', () => {
    const rows: LaJob[] = [];
    // item-1, 09:00 hour: 3 jobs, 2 ok (one slow) → 0.666…; item-1, 10:00 hour: 1 ok → 1.0 (filtered out).
    rows.push({
      TimeGenerated: '2026-11-21T09:05:00Z',
      JobUniqueId: 'h1',
      JobStatus: 'Completed',
      JobStartDateTime: '2026-11-21T09:00:00Z',
      JobDurationInSecs: 2000,
    });
    rows.push({
      TimeGenerated: '2026-11-21T09:20:00Z',
      JobUniqueId: 'h2',
      JobStatus: 'CompletedWithWarnings',
      JobStartDateTime: '2026-11-21T09:15:00Z',
    });
    rows.push({
      TimeGenerated: '2026-11-21T09:40:00Z',
      JobUniqueId: 'h3',
      JobStatus: 'InProgress',
      JobStartDateTime: '2026-11-21T09:30:00Z',
    });
    rows.push({ TimeGenerated: '2026-11-21T09:50:00Z', JobUniqueId: 'h3', JobStatus: 'Failed', JobStartDateTime: '2026-11-21T09:30:00Z' });
    rows.push({
      TimeGenerated: '2026-11-21T10:05:00Z',
      JobUniqueId: 'h4',
      JobStatus: 'Completed',
      JobStartDateTime: '2026-11-21T10:00:00Z',
    });
    // item-2, 11:00 hour: 1 failed → 0.0.
    rows.push({
      TimeGenerated: '2026-11-21T11:10:00Z',
      JobUniqueId: 'h5',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T11:01:00Z',
      BackupItemUniqueId: 'item-2',
    });
    // A restore and a record older than a day are ignored.
    rows.push({
      TimeGenerated: '2026-11-21T11:10:00Z',
      JobUniqueId: 'h6',
      JobStatus: 'Failed',
      JobStartDateTime: '2026-11-21T11:01:00Z',
      JobOperation: 'Restore',
    });
    rows.push({ TimeGenerated: '2026-11-20T11:00:00Z', JobUniqueId: 'h7', JobStatus: 'Failed', JobStartDateTime: '2026-11-20T10:59:00Z' });
    const query = `AddonAzureBackupJobs
| where TimeGenerated between (ago(1d) .. now())
| summarize arg_max(TimeGenerated, *) by JobUniqueId
| where JobOperation == "Backup"
| summarize total = count(), ok = countif(JobStatus in ("Completed","CompletedWithWarnings")), slow = countif(JobDurationInSecs > 1800) by BackupItemUniqueId, bin(JobStartDateTime, 1h)
| extend successRate = todouble(ok) / total
| where successRate < 0.95
| order by successRate asc
| take 50`;
    const result = runKql(query, env({ AddonAzureBackupJobs: laTable(rows) }));
    expect(result.columns).toEqual([
      { name: 'BackupItemUniqueId', type: 'string' },
      { name: 'JobStartDateTime', type: 'datetime' },
      { name: 'total', type: 'long' },
      { name: 'ok', type: 'long' },
      { name: 'slow', type: 'long' },
      { name: 'successRate', type: 'real' },
    ]);
    expect(result.rows).toEqual([
      ['item-2', at('2026-11-21T11:00:00Z'), 1, 0, 0, 0],
      ['item-1', at('2026-11-21T09:00:00Z'), 3, 2, 1, 2 / 3],
    ]);
  });
});
