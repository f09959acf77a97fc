// A JobFailed event is a claim, not a fact: anyone who can publish to the topic (or reach the Event Grid webhook)
// writes its subject, job id, times and error. Before a re-run is started (a real backup, on a budget), the job is
// re-read from ARM and must exist, have failed and belong to the event's instance; the failure acted on is ARM's
// (start time, error code, retry flags), never the event's. Pure: shared/usecases/remediation/verifyFailure.ts reads.
import { jobPhase } from '../azureWords.js';
import { parseBackupInstanceId, parseBackupJobId, sameArmId } from '../armId.js';
import type { FailedJob } from './record.js';

/** The job as ARM reports it, as far as the checks and the re-run need it. */
export interface ArmJob {
  /** ARM id of the job, or its GUID when only that is known (Log Analytics). */
  readonly id: string;
  readonly instanceId: string;
  readonly instanceName: string;
  readonly vault: string | null;
  readonly cluster: string | null;
  /** Verbatim as Azure reports it (InProgress, Started, Completed, Succeeded, Failed, …): read with azureWords.ts. */
  readonly status: string;
  readonly startTime: Date | undefined;
  readonly endTime: Date | undefined;
  readonly errorCode: string | null;
  readonly errorMessage: string | null;
  readonly isRetryable: boolean | null;
  readonly isUserError: boolean | null;
}

/**
 * The ARM id of the job an event names, or why it cannot be one of the subject's: the subject must be a backup
 * instance id, and the job must sit in that instance's vault. A bare job name (Log Analytics knows only the GUID)
 * is placed in the subject's vault.
 */
export function eventJobId(subject: string, jobId: string): { readonly id: string } | { readonly problem: string } {
  const instance = parseBackupInstanceId(subject);
  if (!instance || instance.id.length !== subject.trim().length)
    return { problem: `subject ${subject} is not the ARM id of a backup instance` };
  const vault = instance.id.replace(/\/backupInstances\/[^/]+$/, '');
  const job = parseBackupJobId(jobId.includes('/') ? jobId : `${vault}/backupJobs/${jobId}`);
  if (!job) return { problem: `job ${jobId} is not the ARM id of a backup job` };
  if (!sameArmId(job.id.replace(/\/backupJobs\/[^/]+$/, ''), vault)) {
    return { problem: `job ${job.id} is not in the vault of the event's backup instance ${instance.id}` };
  }
  return { id: job.id };
}

/** Why ARM's job does not back the event's claim that it is a failure of `subject`, or undefined when it does. */
export function jobRefusal(subject: string, job: ArmJob | undefined, jobId: string): string | undefined {
  if (!job) return `ARM has no job ${jobId}: nothing failed, nothing to re-run`;
  if (!sameArmId(job.instanceId, subject))
    return `ARM says job ${job.id} belongs to ${job.instanceId || 'no backup instance'}, not ${subject}`;
  if (jobPhase(job.status) !== 'failed') return `ARM says job ${job.id} is ${job.status}, not Failed`;
  return undefined;
}

/** The failure to act on: every fact from ARM's job; the subject only as the key ARM confirmed. */
export function failureOfJob(job: ArmJob, subject: string): FailedJob {
  return { instanceId: subject, name: job.instanceName, vault: job.vault, cluster: job.cluster, ...jobFailureFacts(job) };
}

/** What a job says about its failure (its id, times, error and retry flags), as a FailedJob stores it. */
export function jobFailureFacts(job: ArmJob): Omit<FailedJob, 'instanceId' | 'name' | 'vault' | 'cluster'> {
  return {
    jobId: job.id,
    startTime: job.startTime?.toISOString() ?? null,
    endTime: job.endTime?.toISOString() ?? null,
    errorCode: job.errorCode,
    errorMessage: job.errorMessage,
    isRetryable: job.isRetryable,
    isUserError: job.isUserError,
  };
}

/**
 * Why an event's job ids cannot be jobs of its subject (a job of a backup instance lives in that instance's vault),
 * or undefined. Free of ARM calls, so every handler can afford it on every event, the notifications included.
 */
export function eventJobsProblem(event: { readonly subject: string; readonly data: object }): string | undefined {
  if (!event.subject.startsWith('/subscriptions/')) return undefined; // blob://<source>: no jobs
  const data = event.data as Readonly<Record<string, unknown>>;
  for (const field of ['jobId', 'failedJobId', 'rerunJobId'] as const) {
    const id = data[field];
    if (typeof id !== 'string') continue;
    const ref = eventJobId(event.subject, id);
    if ('problem' in ref) return `data.${field}: ${ref.problem}`;
  }
  return undefined;
}
