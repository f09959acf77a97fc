// Backup jobs of AKS backup instances from Azure Resource Graph: one query across every watched subscription,
// near real time (the DataProtection jobs API has no server-side filter and is per vault). Rows carry the same
// properties as the REST API (facts §1.7); they are turned into JobFacts here so use cases never see a row. Status
// filters take every spelling Azure uses (shared/domain/azureWords.ts). The answer is not trusted on its own: the
// use case cross-checks it (shared/usecases/detection/jobFeedCheck.ts).
import { AKS_DATASOURCE_TYPE, type BackupJob, type UserFacingError } from '../dataProtection/types.js';
import { lit, notEndedWords, statusWords } from './kql.js';
import type { ResourceGraphClient } from './resourceGraph.js';
import type { GraphJobSource, JobFact } from '../../usecases/ports.js';

const iso = (d: Date): string => d.toISOString();

const BASE = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupjobs'
| where tostring(properties.dataSourceType) =~ '${AKS_DATASOURCE_TYPE}'
| where tostring(properties.operationCategory) in~ ('Backup', 'Restore')`;

/** Jobs that ended in [from, to): the detector's window after its watermark. */
export const endedQuery = (from: Date, to: Date): string => `${BASE}
| where tostring(properties.status) !in~ (${notEndedWords()})
| extend ended = todatetime(properties.endTime)
| where ended >= datetime(${iso(from)}) and ended < datetime(${iso(to)})
| project id, name, properties, ended
| order by ended asc`;

/** Backup jobs of one instance started since `since`, or still running. */
export const recentQuery = (instanceId: string, since: Date): string => `${BASE}
| where tolower(tostring(properties.backupInstanceId)) == ${lit(instanceId.toLowerCase())}
| where tostring(properties.operationCategory) =~ 'Backup'
| where todatetime(properties.startTime) >= datetime(${iso(since)}) or tostring(properties.status) in~ (${statusWords('running')})
| project id, name, properties`;

/** Every AKS backup instance Resource Graph holds (ids only): what the job answer is cross-checked by. */
export const INSTANCE_IDS_QUERY = `
RecoveryServicesResources
| where type =~ 'microsoft.dataprotection/backupvaults/backupinstances'
| where tostring(properties.dataSourceInfo.datasourceType) =~ '${AKS_DATASOURCE_TYPE}'
| project id`;

interface JobRow {
  readonly id: string;
  readonly name: string;
  readonly properties: BackupJob['properties'] & { readonly vaultName?: string };
}

export class ResourceGraphJobFeed implements GraphJobSource {
  constructor(
    private readonly graph: ResourceGraphClient,
    private readonly subscriptions: readonly string[],
  ) {}

  async endedBetween(from: Date, to: Date): Promise<JobFact[]> {
    return (await this.graph.query<JobRow>(endedQuery(from, to), this.subscriptions)).map(toJobFact);
  }

  async recentJobs(instanceId: string, since: Date): Promise<JobFact[]> {
    return (await this.graph.query<JobRow>(recentQuery(instanceId, since), this.subscriptions)).map(toJobFact);
  }

  async instanceIds(): Promise<string[]> {
    return (await this.graph.query<{ id: string }>(INSTANCE_IDS_QUERY, this.subscriptions)).map((r) => r.id);
  }
}

const date = (s: string | undefined): Date | undefined => (s && !Number.isNaN(Date.parse(s)) ? new Date(s) : undefined);

/** A DataProtection job (REST or Resource Graph row) as a JobFact. */
export function toJobFact(row: { id: string; properties: BackupJob['properties'] & { vaultName?: string } }): JobFact {
  const p = row.properties;
  const error: UserFacingError | undefined = p.errorDetails?.[0];
  const instanceId = p.backupInstanceId ?? '';
  return {
    id: row.id,
    instanceId,
    instanceName: instanceId.split('/').pop() || (p.backupInstanceFriendlyName ?? ''),
    vault: p.vaultName ?? row.id.split('/')[8] ?? null,
    cluster: p.dataSourceName ?? null,
    operation: /^restore$/i.test(p.operationCategory ?? '') ? 'Restore' : 'Backup',
    trigger: p.isUserTriggered === undefined ? 'unknown' : p.isUserTriggered ? 'adhoc' : 'scheduled',
    status: p.status ?? 'Unknown',
    startTime: date(p.startTime),
    endTime: date(p.endTime),
    errorCode: error?.code ?? null,
    errorMessage: error?.message ?? null,
    isRetryable: error?.isRetryable ?? null,
    isUserError: error?.isUserError ?? null,
    datasourceId: p.dataSourceId ?? null,
    datasourceType: p.dataSourceType ?? null,
  };
}
