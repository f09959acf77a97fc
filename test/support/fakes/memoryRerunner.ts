// The BackupRerunner port in memory. startBackup adds an on-demand job to the shared MemoryJobFeed (as Azure does),
// so the use case's next look at the instance's jobs finds it. `outcomes` programs what the next starts do:
//   'refuse'      Azure answers 4xx: RerunStartError(code, refused) and no job exists;
//   'lost'        the LRO fails after Azure accepted the POST: the job exists, the caller gets a non-refused error;
//   'unreachable' the request never got through: a plain Error, no job.
import {
  RerunStartError,
  type BackupRerunner,
  type JobFact,
  type RerunInstance,
  type RerunOptions,
} from '../../../shared/usecases/ports.js';
import { FailNext } from './failures.js';
import { jobArmId } from './jobs.js';
import type { MemoryJobFeed } from './memoryJobFeed.js';
import type { ManualClock } from './manualClock.js';

export type StartOutcome =
  { readonly kind: 'refuse'; readonly code: string } | { readonly kind: 'lost' } | { readonly kind: 'unreachable' };

export class MemoryRerunner implements BackupRerunner {
  readonly instances = new Map<string, RerunInstance & { readonly name: string }>();
  readonly outcomes: StartOutcome[] = [];
  /** Every startBackup call, whatever came of it: "zero duplicate re-runs" is asserted on this. */
  readonly starts: { readonly instanceId: string; readonly options: RerunOptions; readonly jobId?: string }[] = [];
  /** Failures of job() reads (Azure down after the SDK's retries). */
  readonly jobReadFailures = new FailNext();
  private seq = 0;

  constructor(
    private readonly feed: MemoryJobFeed,
    private readonly clock: ManualClock,
  ) {}

  addInstance(instanceId: string, name: string, over: Partial<RerunInstance> = {}): this {
    this.instances.set(instanceId.toLowerCase(), { name, protectionState: 'ProtectionConfigured', policyId: 'aks-daily', ...over });
    return this;
  }

  instance(instanceId: string): Promise<RerunInstance | undefined> {
    return Promise.resolve(this.instances.get(instanceId.toLowerCase()));
  }

  rerunOptions(policyId: string): Promise<RerunOptions> {
    // The rule and tag Azure's AKS policies carry by default (BackupHourly / Default).
    return Promise.resolve({ ruleName: `BackupHourly-${policyId}`, retentionTag: 'Default' });
  }

  startBackup(instanceId: string, options: RerunOptions): Promise<string> {
    const outcome = this.outcomes.shift();
    if (outcome?.kind === 'refuse') {
      this.starts.push({ instanceId, options });
      return Promise.reject(new RerunStartError(outcome.code, `${outcome.code}: refused (test)`, true));
    }
    if (outcome?.kind === 'unreachable') {
      this.starts.push({ instanceId, options });
      return Promise.reject(new Error('connect ECONNREFUSED (test)'));
    }
    const instance = this.instances.get(instanceId.toLowerCase());
    const now = this.clock.now();
    const jobId = jobArmId(`adhoc-${++this.seq}`);
    this.feed.add({
      id: jobId,
      instanceId,
      instanceName: instance?.name ?? instanceId,
      vault: 'bv-weu',
      cluster: `aks-${instance?.name ?? 'unknown'}`,
      operation: 'Backup',
      trigger: 'adhoc',
      status: 'InProgress',
      startTime: now,
      endTime: undefined,
      errorCode: null,
      errorMessage: null,
      isRetryable: null,
      isUserError: null,
    });
    this.starts.push({ instanceId, options, jobId });
    if (outcome?.kind === 'lost') return Promise.reject(new RerunStartError(undefined, 'the backup LRO failed (test)', false));
    return Promise.resolve(jobId);
  }

  job(jobId: string): Promise<JobFact | undefined> {
    return this.jobReadFailures.settle(() => this.feed.find(jobId));
  }

  /** The on-demand jobs actually created for an instance (refusals excluded). */
  jobsStarted(instanceId: string): string[] {
    return this.starts.flatMap((s) => (s.jobId && s.instanceId.toLowerCase() === instanceId.toLowerCase() ? [s.jobId] : []));
  }

  /** Finishes a re-run job as Azure would report it. */
  finish(jobId: string, status: 'Completed' | 'Failed', errorCode: string | null = null): void {
    const now = this.clock.now();
    this.feed.update(jobId, { status, endTime: now, errorCode, errorMessage: errorCode && `${errorCode} (test)` });
  }
}
