// jobLogsTimer: KQL over AddonAzureBackupJobs in Log Analytics.
// 1. Failed AKS jobs whose final row was ingested since the watermark → Autopilot.Backup.JobFailed (same ids as the
//    other detectors). The watermark is on ingestion time (TimeGenerated), so rows that land late are not skipped.
// 2. Sliding-window thresholds per instance (backup success rate, backup duration, restore success rate) →
//    Autopilot.Backup.ThresholdBreached when a breach appears; not again while it lasts, again after it cleared.
// The state (watermark, breaches in force) is written only after the publish succeeded: a failed publish is redone
// next tick with the same event ids (a breach's id is stable within its window bucket).
import type { Clock } from '../../clock.js';
import { formatDuration } from '../../domain/duration.js';
import { breachKey, judgeWindow, type Breach, type Thresholds } from '../../domain/detection/thresholds.js';
import { buildEvent, type AutopilotCloudEvent } from '../../events/cloudEvent.js';
import { advanceWatermark, Documents } from '../../state/index.js';
import { jobOutcomeEvent } from './detectJobEvents.js';
import { JOB_LOGS_DOC, type JobLogsState } from './detectionDocs.js';
import type { EventPublisher, JobLogs, StateStore } from '../ports.js';

export const JOB_LOGS_KEY = 'detection/job-logs.json';

export interface JobLogsDeps {
  readonly logs: JobLogs;
  readonly store: StateStore;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  readonly windowMs: number;
  readonly thresholds: Thresholds;
}

export interface JobLogsResult {
  readonly from: string;
  readonly to: string;
  readonly failed: number;
  readonly breaches: number;
  readonly newBreaches: number;
}

export class JobLogsDetector {
  constructor(private readonly deps: JobLogsDeps) {}

  async run(): Promise<JobLogsResult> {
    const now = this.deps.clock.now();
    const docs = new Documents(this.deps.store, JOB_LOGS_DOC);
    const { result } = await advanceWatermark(docs, JOB_LOGS_KEY, async (state) => {
      const from = state ? new Date(state.watermark) : new Date(now.getTime() - this.deps.windowMs);
      const [failed, stats] = await Promise.all([
        this.deps.logs.failedJobs(from, now),
        this.deps.logs.windowStats(new Date(now.getTime() - this.deps.windowMs), now),
      ]);
      const breaches = stats.flatMap((s) => judgeWindow(s, this.deps.thresholds));
      const active = state?.active ?? {};
      const fresh = breaches.filter((b) => !(breachKey(b.stats.instanceId, b.metric) in active));
      const events: AutopilotCloudEvent[] = [
        ...failed.flatMap((j) => jobOutcomeEvent(j, 'log-analytics') ?? []),
        ...fresh.map((b) => this.breachEvent(b, now)),
      ];
      if (events.length > 0) await this.deps.publisher.publish(events);
      const next: JobLogsState = {
        version: 1,
        watermark: now.toISOString(),
        active: Object.fromEntries(
          breaches.map((b) => [
            breachKey(b.stats.instanceId, b.metric),
            active[breachKey(b.stats.instanceId, b.metric)] ?? now.toISOString(),
          ]),
        ),
      };
      // A concurrent tick that published the same facts and moved the watermark as far leaves this one unwritten.
      return {
        next,
        result: {
          from: from.toISOString(),
          to: now.toISOString(),
          failed: failed.length,
          breaches: breaches.length,
          newBreaches: fresh.length,
        },
      };
    });
    return result;
  }

  private breachEvent(b: Breach, now: Date): AutopilotCloudEvent {
    const bucket = Math.floor(now.getTime() / this.deps.windowMs);
    return buildEvent('Autopilot.Backup.ThresholdBreached', {
      subject: b.stats.instanceId,
      time: now,
      factKey: `${b.metric}|${this.deps.windowMs}|${bucket}`,
      data: {
        name: b.stats.name,
        vault: b.stats.vault,
        cluster: b.stats.cluster,
        metric: b.metric,
        value: b.value,
        threshold: b.threshold,
        window: formatDuration(this.deps.windowMs),
        windowEnd: now.toISOString(),
        sampleSize: b.sampleSize,
      },
    });
  }
}
