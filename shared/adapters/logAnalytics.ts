// AddonAzureBackupJobs through the real LogsQueryClient (@azure/monitor-query-logs): failed AKS jobs ingested in a
// window, and per-instance counts over a sliding window for the thresholds. Rows arrive once per job state change
// and ~20-30 min after it, so each query keeps the newest row per JobUniqueId (facts §3).
import type { LogsQueryClient, LogsQueryResultStatus, LogsTable } from '@azure/monitor-query-logs';
import type { WindowStats } from '../domain/detection/thresholds.js';
import type { JobFact } from '../usecases/ports.js';
import { onceAsync } from '../util/once.js';
import { AKS_DATASOURCE_TYPE } from './dataProtection/types.js';
import { statusWords } from './arm/kql.js';
import { pipelineOptions, type AdapterOptions } from './options.js';

/** LOG_ANALYTICS_ENDPOINT, LOG_ANALYTICS_AUDIENCE and LOG_ANALYTICS_WORKSPACE_ID. */
export interface LogAnalyticsWorkspace {
  readonly endpoint: string;
  /** Token scope, e.g. https://api.loganalytics.io/.default (LOG_ANALYTICS_AUDIENCE). */
  readonly scope: string;
  readonly workspaceId: string | undefined;
}

const iso = (d: Date): string => d.toISOString();

/** Final rows ingested in [from, to): each is a job that just finished (ingestion time, so late rows are not lost). */
export const failedJobsQuery = (from: Date, to: Date): string => `AddonAzureBackupJobs
| where TimeGenerated >= datetime(${iso(from)}) and TimeGenerated < datetime(${iso(to)})
| where DatasourceType =~ '${AKS_DATASOURCE_TYPE}' and JobStatus in~ (${statusWords('failed')})
| summarize arg_max(TimeGenerated, *) by JobUniqueId
| project JobUniqueId, JobStatus, JobFailureCode, JobOperation, AdHocOrScheduledJob, JobStartDateTime, JobDurationInSecs, BackupItemId, BackupItemFriendlyName, VaultName, DatasourceFriendlyName
| order by JobStartDateTime asc`;

export const windowStatsQuery = (from: Date, to: Date): string => `AddonAzureBackupJobs
| where TimeGenerated >= datetime(${iso(from)}) and TimeGenerated < datetime(${iso(to)})
| where DatasourceType =~ '${AKS_DATASOURCE_TYPE}'
| summarize arg_max(TimeGenerated, *) by JobUniqueId
| where JobStatus in~ (${statusWords('succeeded', 'succeeded-with-warnings', 'failed')})
| summarize backups = countif(JobOperation == 'Backup'), backupsFailed = countif(JobOperation == 'Backup' and JobStatus in~ (${statusWords('failed')})),
    maxBackupSeconds = maxif(JobDurationInSecs, JobOperation == 'Backup'),
    restores = countif(JobOperation == 'Restore'), restoresFailed = countif(JobOperation == 'Restore' and JobStatus in~ (${statusWords('failed')}))
    by BackupItemId, BackupItemFriendlyName, VaultName, DatasourceFriendlyName`;

export class LogAnalyticsJobLogs {
  /** @azure/monitor-query-logs is loaded, and the client built, on the first query. */
  private readonly client: () => Promise<{ client: LogsQueryClient; success: LogsQueryResultStatus.Success }>;

  constructor(
    private readonly settings: LogAnalyticsWorkspace,
    options: AdapterOptions,
  ) {
    this.client = onceAsync(async () => {
      const { LogsQueryClient, LogsQueryResultStatus } = await import('@azure/monitor-query-logs');
      const client = new LogsQueryClient(options.credential, {
        ...pipelineOptions(options),
        endpoint: settings.endpoint,
        credentials: { scopes: [settings.scope] },
      });
      return { client, success: LogsQueryResultStatus.Success };
    });
  }

  async failedJobs(from: Date, to: Date): Promise<JobFact[]> {
    return (await this.query(failedJobsQuery(from, to), from, to)).map((r) => {
      const start = r.JobStartDateTime ? new Date(r.JobStartDateTime as string | Date) : undefined;
      const seconds = Number(r.JobDurationInSecs ?? 0);
      return {
        id: String(r.JobUniqueId),
        instanceId: str(r.BackupItemId) ?? '',
        instanceName: str(r.BackupItemFriendlyName) ?? '',
        vault: str(r.VaultName),
        cluster: str(r.DatasourceFriendlyName),
        operation: r.JobOperation === 'Restore' ? 'Restore' : 'Backup',
        trigger: r.AdHocOrScheduledJob === 'Adhoc' ? 'adhoc' : r.AdHocOrScheduledJob === 'Scheduled' ? 'scheduled' : 'unknown',
        status: String(r.JobStatus),
        startTime: start,
        endTime: start ? new Date(start.getTime() + seconds * 1000) : undefined,
        errorCode: str(r.JobFailureCode),
        errorMessage: null,
        isRetryable: null,
        isUserError: null,
      } satisfies JobFact;
    });
  }

  async windowStats(from: Date, to: Date): Promise<WindowStats[]> {
    return (await this.query(windowStatsQuery(from, to), from, to)).map((r) => ({
      instanceId: str(r.BackupItemId) ?? '',
      name: str(r.BackupItemFriendlyName) ?? '',
      vault: str(r.VaultName),
      cluster: str(r.DatasourceFriendlyName),
      backups: Number(r.backups ?? 0),
      backupsFailed: Number(r.backupsFailed ?? 0),
      maxBackupSeconds: Number(r.maxBackupSeconds ?? 0) || 0,
      restores: Number(r.restores ?? 0),
      restoresFailed: Number(r.restoresFailed ?? 0),
    }));
  }

  private async query(kql: string, from: Date, to: Date): Promise<Record<string, unknown>[]> {
    if (!this.settings.workspaceId) throw new Error('LOG_ANALYTICS_WORKSPACE_ID: required for the Log Analytics detector (jobLogsTimer)');
    const { client, success } = await this.client();
    const result = await client.queryWorkspace(this.settings.workspaceId, kql, { startTime: from, endTime: to });
    // A partial result is not good enough for a detector that moves a watermark past it.
    if (result.status !== success) throw new Error(`Log Analytics query failed: ${JSON.stringify(result.partialError)}`);
    return result.tables[0] ? rowsOf(result.tables[0]) : [];
  }
}

/** A non-empty string cell, or null (an empty string is KQL's "no value"). */
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function rowsOf(table: LogsTable): Record<string, unknown>[] {
  return table.rows.map((row) => Object.fromEntries(table.columnDescriptors.map((c, i) => [c.name ?? String(i), row[i]])));
}
