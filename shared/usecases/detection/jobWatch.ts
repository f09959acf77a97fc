// jobWatchTimer: backup and restore jobs of AKS instances that ended since the watermark, from Resource Graph
// (cross-checked, with the DataProtection jobs API as fallback: shared/usecases/detection/jobFeedCheck.ts), as
// Autopilot.Backup.JobFailed / JobSucceeded CloudEvents.
//
//   read watermark (blob, ETag) ─► query jobs ended in [watermark, now − settle) ─► publish ─► advance watermark (If-Match)
//
// The watermark moves only after the publish succeeded: a failed publish (or a crash) leaves it where it was, and the
// next tick publishes the same jobs again — the same event ids (from the job id), so consumers drop repeats. Two
// ticks at once publish the same events; one watermark write wins and the other changes nothing.
import type { Clock } from '../../clock.js';
import type { AutopilotCloudEvent } from '../../events/cloudEvent.js';
import { advanceWatermark, Documents } from '../../state/index.js';
import { jobOutcomeEvent } from './detectJobEvents.js';
import { JOB_WATCH_DOC } from './detectionDocs.js';
import type { EventPublisher, JobFeed, StateStore } from '../ports.js';

export const JOB_WATCH_KEY = 'detection/job-watch.json';
/** Resource Graph is near real time, not instant: a job that ended in the last minute is left for the next tick. */
export const SETTLE_MS = 60_000;
/** One tick reads at most a day: after a long outage the watermark catches up a day per tick. */
export const MAX_WINDOW_MS = 86_400_000;

export interface JobWatchDeps {
  readonly feed: JobFeed;
  readonly store: StateStore;
  readonly publisher: EventPublisher;
  readonly clock: Clock;
  /** Where the very first tick starts (no watermark yet): now minus this. */
  readonly lookbackMs: number;
}

export interface JobWatchResult {
  readonly from: string;
  readonly to: string;
  readonly jobs: number;
  readonly failed: number;
  readonly succeeded: number;
  /** Whether this tick moved the watermark (false: a concurrent tick did). */
  readonly advanced: boolean;
  /** Why jobs were read from the DataProtection API instead of Resource Graph, if they were (logged word for word). */
  readonly warnings: readonly string[];
}

export class JobWatch {
  constructor(private readonly deps: JobWatchDeps) {}

  async run(): Promise<JobWatchResult> {
    const now = this.deps.clock.now().getTime();
    const docs = new Documents(this.deps.store, JOB_WATCH_DOC);
    const { result, advanced } = await advanceWatermark(docs, JOB_WATCH_KEY, async (current) => {
      const from = current ? Date.parse(current.watermark) : now - this.deps.lookbackMs;
      const to = Math.max(from, Math.min(now - SETTLE_MS, from + MAX_WINDOW_MS));
      const { jobs, warnings } = to > from ? await this.deps.feed.endedBetween(new Date(from), new Date(to)) : { jobs: [], warnings: [] };
      const events = jobs.flatMap((j) => jobOutcomeEvent(j, 'resource-graph') ?? []);
      if (events.length > 0) await this.deps.publisher.publish(events);
      return {
        next: { version: 1 as const, watermark: new Date(to).toISOString() },
        result: { from, to, jobs: jobs.length, events, warnings },
      };
    });
    const count = (type: AutopilotCloudEvent['type']) => result.events.filter((e) => e.type === type).length;
    return {
      from: new Date(result.from).toISOString(),
      to: new Date(result.to).toISOString(),
      jobs: result.jobs,
      failed: count('Autopilot.Backup.JobFailed'),
      succeeded: count('Autopilot.Backup.JobSucceeded'),
      advanced,
      warnings: result.warnings,
    };
  }
}
