// A finished job as the CloudEvent every detector publishes. The id comes from the job's GUID alone (factKey), so the
// Resource Graph timer, the Log Analytics timer and an Azure Monitor alert about one job yield one event id, and
// consumers (remediation, incidents) see one fact however many detectors saw it.
import { jobPhase } from '../../domain/azureWords.js';
import { jobKey } from '../../domain/remediation/record.js';
import { buildEvent, type AutopilotCloudEvent } from '../../events/cloudEvent.js';
import { EVENT_SOURCES } from '../../events/catalog.js';
import type { JobFact } from '../remediation/remediationPorts.js';

export type Detector = 'resource-graph' | 'log-analytics' | 'azure-monitor-alert';

const SOURCE: Record<Detector, string> = {
  'resource-graph': EVENT_SOURCES.jobWatchTimer,
  'log-analytics': EVENT_SOURCES.jobLogsTimer,
  'azure-monitor-alert': EVENT_SOURCES.alertIngest,
};

/** JobFailed / JobSucceeded for a job with a final outcome; undefined for one still running or cancelled. */
export function jobOutcomeEvent(job: JobFact, detector: Detector): AutopilotCloudEvent | undefined {
  // Azure's words for the outcome (Completed / Succeeded / Success …) come from one table; the status is kept verbatim.
  const phase = jobPhase(job.status);
  const type =
    phase === 'failed'
      ? 'Autopilot.Backup.JobFailed'
      : phase === 'succeeded' || phase === 'succeeded-with-warnings'
        ? 'Autopilot.Backup.JobSucceeded'
        : undefined;
  if (!type || !job.instanceId) return undefined;
  const failed = type === 'Autopilot.Backup.JobFailed';
  return buildEvent(type, {
    subject: job.instanceId,
    // The fact's own instant, so a re-publish is byte for byte the same event.
    time: job.endTime ?? job.startTime ?? new Date(0),
    factKey: jobKey(job.id),
    source: SOURCE[detector],
    data: {
      name: job.instanceName,
      vault: job.vault,
      cluster: job.cluster,
      jobId: job.id,
      operation: job.operation,
      trigger: job.trigger,
      status: job.status,
      startTime: job.startTime?.toISOString() ?? null,
      endTime: job.endTime?.toISOString() ?? null,
      errorCode: failed ? job.errorCode : null,
      errorMessage: failed ? job.errorMessage : null,
      isRetryable: failed ? job.isRetryable : null,
      isUserError: failed ? job.isUserError : null,
      detector,
    },
  });
}
