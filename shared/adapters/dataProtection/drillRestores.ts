// The restore drill's DataProtection calls: ValidateForRestore, TriggerRestore, and the instance's restore jobs (to
// find a drill's job after a tick died mid-request). Azure's refusals become RestoreRefusedError with its code; a
// failure that may have left a job behind (throttling, 5xx, an LRO that failed late) is rethrown as it is, so the
// drill looks for the job before it ever asks again.
import { sameArmId } from '../../domain/armId.js';
import { type DrillRestoreJob, type DrillRestores, RestoreRefusedError } from '../../usecases/drill/drillPorts.js';
import { isRestError, restStatus } from '../restError.js';
import type { DataProtectionClient } from './client.js';
import type { BackupJob, RestoreRequest } from './types.js';

const vaultOf = (instanceId: string): string => instanceId.replace(/\/backupInstances\/[^/]+\/?$/i, '');

export class DataProtectionDrillRestores implements DrillRestores {
  constructor(private readonly client: DataProtectionClient) {}

  async validate(instanceId: string, request: object): Promise<void> {
    try {
      await this.client.validateForRestore(instanceId, request as RestoreRequest);
    } catch (e) {
      // Validation that ends Failed is Azure's answer, not an outage: the operation's error says why.
      if (refusal(e) || !isRestError(e)) throw new RestoreRefusedError(codeOf(e), (e as Error).message);
      throw e;
    }
  }

  async trigger(instanceId: string, request: object): Promise<string> {
    try {
      const result = await this.client.triggerRestore(instanceId, request as RestoreRequest);
      if (!result.jobId) throw new Error('the restore operation returned no job id');
      return result.jobId.includes('/') ? result.jobId : `${vaultOf(instanceId)}/backupJobs/${result.jobId}`;
    } catch (e) {
      if (refusal(e)) throw new RestoreRefusedError(codeOf(e), (e as Error).message);
      throw e;
    }
  }

  async restoreJobsSince(instanceId: string, since: Date): Promise<DrillRestoreJob[]> {
    const out: DrillRestoreJob[] = [];
    for await (const job of this.client.listJobs(vaultOf(instanceId))) {
      const p = job.properties;
      if (!p || (p.operationCategory ?? '').toLowerCase() !== 'restore') continue;
      if (!p.backupInstanceId || !sameArmId(p.backupInstanceId, instanceId)) continue;
      const fact = toDrillJob(job);
      if (fact.startTime && fact.startTime.getTime() >= since.getTime()) out.push(fact);
    }
    return out.sort((a, b) => (a.startTime?.getTime() ?? 0) - (b.startTime?.getTime() ?? 0));
  }

  async job(jobId: string): Promise<DrillRestoreJob | undefined> {
    try {
      return toDrillJob(await this.client.getJob(jobId));
    } catch (e) {
      if (restStatus(e) === 404) return undefined;
      throw e;
    }
  }
}

function toDrillJob(job: BackupJob): DrillRestoreJob {
  const p = job.properties;
  const date = (s: string | undefined): Date | undefined => (s ? new Date(s) : undefined);
  return {
    id: job.id ?? '',
    status: p?.status ?? 'Unknown',
    startTime: date(p?.startTime),
    endTime: date(p?.endTime),
    errorCode: p?.errorDetails?.[0]?.code,
  };
}

/** A 4xx other than throttling and timeouts: Azure refused, so no job can exist. */
function refusal(e: unknown): boolean {
  const s = restStatus(e);
  return s !== undefined && s >= 400 && s < 500 && s !== 408 && s !== 429;
}

/** A RestError's code, or the one @azure/core-lro puts in a failed operation's message ("…has failed. <code>. …"). */
function codeOf(e: unknown): string | undefined {
  const code = (e as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return /long-running operation has failed\. ([A-Za-z][\w.-]*)\./.exec((e as Error).message)?.[1];
}
