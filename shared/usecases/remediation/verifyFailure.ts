// Re-reads the job a JobFailed event names before anything is re-run (rules in shared/domain/remediation/eventTrust.ts).
// A refusal is an answer, not an error: the handler logs it and drops the event, so a forged event costs one ARM read
// and never a redelivery storm. A failed ARM read does throw, so Event Grid retries a real event later.
import { eventJobId, failureOfJob, jobRefusal } from '../../domain/remediation/eventTrust.js';
import type { FailedJob } from '../../domain/remediation/record.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import type { BackupRerunner, JobFact } from '../ports.js';

export type VerifiedFailure = { readonly failure: FailedJob; readonly job: JobFact } | { readonly refused: string };

export async function verifyFailure(
  event: AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>,
  rerunner: Pick<BackupRerunner, 'job'>,
): Promise<VerifiedFailure> {
  const ref = eventJobId(event.subject, event.data.jobId);
  if ('problem' in ref) return { refused: ref.problem };
  const job = await rerunner.job(ref.id);
  const refusal = jobRefusal(event.subject, job, ref.id);
  if (refusal !== undefined || !job) return { refused: refusal ?? `ARM has no job ${ref.id}` };
  return { failure: failureOfJob(job, event.subject), job };
}
