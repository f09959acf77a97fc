// Job and recovery-point history, derived from the policy schedule over the clock. Scheduled slots are
// `anchor + k × interval`; each one the behaviour lets run becomes a job with a deterministic id and jitter.
// Jobs are computed lazily per instance and cached (extended as the clock moves, rebuilt when behaviour changes),
// so a 5,000-instance estate costs nothing until someone asks about an instance.
import { behaviourAt, entryAt, failureOf, jobsFail, schedulesRun } from './behaviour.js';
import { guidFrom, pick } from './hash.js';
import { addDuration, DAY, type IsoDuration } from './time.js';
import type { InstanceState, JobRecord } from './types.js';

/** DataProtection lists (and Resource Graph holds) jobs of the last 30 days. */
export const JOB_HISTORY_MS = 30 * DAY;
/** Scheduled jobs start 15–150 s after their slot, as the service queues them. */
const JITTER_MS: readonly [number, number] = [15_000, 150_000];

export interface RecoveryPointRecord {
  readonly id: string;
  readonly instance: InstanceState;
  /** recoveryPointTime: the job's start (Azure stamps the snapshot time, not the job end). */
  readonly time: number;
  /** When the job that made it ended: the point does not exist before. */
  readonly completedAt: number;
  /** undefined: kept forever (protection stopped / latest point of suspended backups). */
  readonly expiry: number | undefined;
  readonly retentionTag: string;
  readonly job: JobRecord;
}

interface Cache {
  version: number;
  fromK: number;
  toK: number;
  jobs: JobRecord[];
}

const negate = (d: IsoDuration): IsoDuration => ({ ...d, sign: d.sign === 1 ? -1 : 1 });

export class History {
  private readonly cache = new WeakMap<InstanceState, Cache>();

  /** Scheduled jobs with a slot in the window that matters at `now` (older ones are neither listed nor retained). */
  scheduled(instance: InstanceState, now: number): readonly JobRecord[] {
    const { policy } = instance;
    const fromK = Math.ceil((this.windowStart(instance, now) - policy.anchor) / policy.intervalMs);
    const toK = Math.floor((now - policy.anchor) / policy.intervalMs);
    let entry = this.cache.get(instance);
    if (!entry || entry.version !== instance.version || fromK < entry.fromK) {
      entry = { version: instance.version, fromK, toK: fromK - 1, jobs: [] };
      this.cache.set(instance, entry);
    }
    for (let k = entry.toK + 1; k <= toK; k++) {
      const job = this.slotJob(instance, k);
      if (job) entry.jobs.push(job);
    }
    entry.toK = Math.max(entry.toK, toK);
    return entry.jobs;
  }

  /** Every job of the instance that has started by `now`, oldest first. */
  jobs(instance: InstanceState, now: number): JobRecord[] {
    const started = this.scheduled(instance, now).filter((j) => j.start <= now);
    const manual = instance.manualJobs.filter((j) => j.start <= now);
    return manual.length === 0 ? started : [...started, ...manual].sort((a, b) => a.start - b.start);
  }

  /** Recovery points that exist at `now`, newest first. */
  recoveryPoints(instance: InstanceState, now: number): RecoveryPointRecord[] {
    const made = this.jobs(instance, now).filter((j) => j.kind !== 'restore' && j.outcome === 'Completed' && j.end <= now);
    const retention = instance.policy.retentionDuration;
    const entry = entryAt(instance, now);
    const stoppedAt = entry.behaviour === 'protectionStopped' || entry.behaviour === 'suspended' ? entry.from : undefined;
    // Suspending backups keeps the latest point forever; stopping protection keeps every point alive at the stop.
    let keepLatest: JobRecord | undefined;
    if (entry.behaviour === 'suspended' && stoppedAt !== undefined) keepLatest = made.filter((j) => j.end <= stoppedAt).at(-1);
    const points: RecoveryPointRecord[] = [];
    for (const job of made) {
      let expiry: number | undefined = addDuration(job.start, retention);
      if (job === keepLatest) expiry = undefined;
      else if (entry.behaviour === 'protectionStopped' && stoppedAt !== undefined && job.end <= stoppedAt && expiry > stoppedAt)
        expiry = undefined;
      if (expiry !== undefined && expiry <= now) continue;
      points.push({
        id: job.recoveryPointId ?? guidFrom(`rp|${job.id}`),
        instance,
        time: job.start,
        completedAt: job.end,
        expiry,
        retentionTag: job.retentionTag ?? 'Default',
        job,
      });
    }
    return points.reverse();
  }

  /** A job currently running on the instance, if any. */
  running(instance: InstanceState, now: number, kind?: 'backup' | 'restore'): JobRecord | undefined {
    return this.jobs(instance, now).find((j) => j.end > now && (kind === undefined || (kind === 'restore') === (j.kind === 'restore')));
  }

  private windowStart(instance: InstanceState, now: number): number {
    const b = behaviourAt(instance, now);
    // Kept-forever points can be as old as the instance; otherwise only the job list and retention matter.
    if (b === 'protectionStopped' || b === 'suspended') return instance.createdAt;
    const retentionStart = addDuration(now, negate(instance.policy.retentionDuration));
    return Math.max(instance.createdAt, Math.min(now - JOB_HISTORY_MS, retentionStart) - DAY);
  }

  private slotJob(instance: InstanceState, k: number): JobRecord | undefined {
    const slot = instance.policy.anchor + k * instance.policy.intervalMs;
    if (slot < instance.createdAt) return undefined;
    const entry = entryAt(instance, slot);
    if (!schedulesRun(entry.behaviour)) return undefined;
    const key = `${instance.id.toLowerCase()}|${slot}`;
    const start = slot + pick(key, JITTER_MS[0], JITTER_MS[1]);
    const failed = jobsFail(entry.behaviour);
    return {
      id: guidFrom(`job|${key}`),
      kind: 'scheduled',
      instance,
      start,
      end: start + instance.jobDurationMs,
      outcome: failed ? 'Failed' : 'Completed',
      error: failed ? failureOf(entry) : undefined,
      retentionTag: 'Default',
      recoveryPointId: failed ? undefined : guidFrom(`rp|${key}`),
    };
  }
}
