// The CloudEvents remediation publishes, built from its records. Ids come from the fact (the failed job for a stop,
// the re-run job for an outcome), so a re-publish after a crash carries the same id and consumers drop it.
import { jobFailureFacts } from '../../domain/remediation/eventTrust.js';
import { jobKey, type FailedJob } from '../../domain/remediation/record.js';
import { buildEvent, type AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { JobFact } from './remediationPorts.js';

const place = (f: FailedJob) => ({ name: f.name, vault: f.vault, cluster: f.cluster });

export interface StopFacts {
  readonly rule: string;
  readonly why: string;
  readonly used: number;
  readonly budget: number;
  readonly resetsAt: Date | null;
}

export function stopEvent(
  type: 'Autopilot.Remediation.Escalated' | 'Autopilot.Remediation.Exhausted',
  f: FailedJob,
  stop: StopFacts,
  now: Date,
): AutopilotCloudEvent {
  return buildEvent(type, {
    subject: f.instanceId,
    time: now,
    factKey: jobKey(f.jobId),
    data: {
      ...place(f),
      failedJobId: f.jobId,
      errorCode: f.errorCode,
      errorMessage: f.errorMessage,
      rule: stop.rule,
      why: stop.why,
      used: stop.used,
      budget: stop.budget,
      resetsAt: stop.resetsAt?.toISOString() ?? null,
    },
  });
}

export function rerunEvent(
  type: 'Autopilot.Rerun.Succeeded' | 'Autopilot.Rerun.Failed',
  f: FailedJob,
  rerun: {
    readonly jobId: string;
    readonly attempt: number;
    readonly budget: number;
    readonly errorCode: string | null;
    readonly errorMessage: string | null;
  },
  now: Date,
): AutopilotCloudEvent {
  return buildEvent(type, {
    subject: f.instanceId,
    time: now,
    factKey: jobKey(rerun.jobId),
    data: {
      ...place(f),
      failedJobId: f.jobId,
      rerunJobId: rerun.jobId,
      attempt: rerun.attempt,
      budget: rerun.budget,
      errorCode: rerun.errorCode,
      errorMessage: rerun.errorMessage,
    },
  });
}

/** A failed re-run becomes the next failure of its instance (same place, its own error). */
export function failedJobOf(job: JobFact, previous: FailedJob): FailedJob {
  return { ...place(previous), instanceId: previous.instanceId, ...jobFailureFacts(job) };
}

/** The failure a JobFailed event reports, whichever detector saw it. */
export function failureOfEvent(event: AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>): FailedJob {
  const { name, vault, cluster, jobId, startTime, endTime, errorCode, errorMessage, isRetryable, isUserError } = event.data;
  return { instanceId: event.subject, name, vault, cluster, jobId, startTime, endTime, errorCode, errorMessage, isRetryable, isUserError };
}
