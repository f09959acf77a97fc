// Narrow ports of failure detection and remediation (re-exported by ports.ts). Adapters implement them over
// Resource Graph, DataProtection and Log Analytics; the use cases see plain facts, never a client or a status code.
import type { ArmJob } from '../../domain/remediation/eventTrust.js';
import type { WindowStats } from '../../domain/detection/thresholds.js';

/**
 * One backup or restore job of an AKS backup instance, as any detector or lookup reports it: ARM's job facts (id,
 * instance, place, Azure's status word read with shared/domain/azureWords.ts, times, error, retry flags; see ArmJob)
 * plus what the detectors add.
 */
export interface JobFact extends ArmJob {
  readonly operation: 'Backup' | 'Restore';
  readonly trigger: 'scheduled' | 'adhoc' | 'unknown';
  /** ARM id of the protected resource (the AKS cluster) and its type, when the source reports them (the DataProtection API does). */
  readonly datasourceId?: string | null;
  readonly datasourceType?: string | null;
}

/** The jobs a feed found, and why it had to read some of them another way (to be logged, word for word). */
export interface JobFeedAnswer {
  readonly jobs: JobFact[];
  readonly warnings: readonly string[];
}

export interface JobFeed {
  /** Jobs of AKS backup instances in the watched scope that ended in [from, to), oldest first. */
  endedBetween(from: Date, to: Date): Promise<JobFeedAnswer>;
  /** Backup jobs of one instance that started at or after `since`, or are still running. */
  recentJobs(instanceId: string, since: Date): Promise<JobFact[]>;
}

/** Jobs from Azure Resource Graph: one query across the watched subscriptions (shared/adapters/arm/jobFeed.ts). */
export interface GraphJobSource {
  endedBetween(from: Date, to: Date): Promise<JobFact[]>;
  recentJobs(instanceId: string, since: Date): Promise<JobFact[]>;
  /** The AKS backup instances Resource Graph knows: what its job answer is cross-checked by. */
  instanceIds(): Promise<string[]>;
}

/** Jobs of one vault from the DataProtection jobs API: no server-side filter, every AKS job of the last 30 days. */
export interface VaultJobSource {
  vaultJobs(vaultId: string): Promise<JobFact[]>;
}

/** What a re-run needs to know about an instance. */
export interface RerunInstance {
  readonly protectionState: string | undefined;
  readonly policyId: string;
}

/** The rule and retention tag an on-demand backup of a policy must name. */
export interface RerunOptions {
  readonly ruleName: string;
  readonly retentionTag: string;
}

/** A refusal or failure of the on-demand backup request, with Azure's error code when there is one. */
export class RerunStartError extends Error {
  override readonly name = 'RerunStartError';
  constructor(
    readonly code: string | undefined,
    message: string,
    /** true: Azure refused the request outright (4xx), so no job can exist; false: it may have started. */
    readonly refused: boolean,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface BackupRerunner {
  /** undefined when the instance does not exist (any more). */
  instance(instanceId: string): Promise<RerunInstance | undefined>;
  rerunOptions(policyId: string): Promise<RerunOptions>;
  /** Starts an on-demand backup and resolves with the new job's ARM id; RerunStartError when it cannot. */
  startBackup(instanceId: string, options: RerunOptions): Promise<string>;
  /** A job by ARM id; undefined when it does not exist. */
  job(jobId: string): Promise<JobFact | undefined>;
}

/** AddonAzureBackupJobs in the Log Analytics workspace (jobLogsTimer). */
export interface JobLogs {
  /** Failed AKS jobs whose final row was ingested in [from, to). */
  failedJobs(from: Date, to: Date): Promise<JobFact[]>;
  /** Per-instance counts of jobs that finished (rows ingested) in [from, to). */
  windowStats(from: Date, to: Date): Promise<WindowStats[]>;
}
