// The estate's resolved state: scenario specs turned into ARM ids and absolute epoch-ms times. Mutable fields are
// the ones runtime actions change (behaviour timeline, namespaces, manual jobs).
import type { Behaviour, ResourceCounts } from './scenario.js';
import type { IsoDuration } from './time.js';

export interface SubscriptionState {
  readonly id: string;
  readonly name: string;
}

export interface NamespaceState {
  readonly name: string;
  readonly uid: string;
  /** Set at creation; `kubectl label ns` changes them (a restore drill labels the namespaces it creates). */
  labels: Record<string, string>;
  /** Prefix of object names inside (default: the namespace name); a restore keeps the source's, as objects keep their names. */
  objectPrefix?: string;
  /** Object counts; a restore with conflictPolicy Patch overwrites them. */
  resources: ResourceCounts;
  readonly createdAt: number;
  /** When `kubectl delete` was issued (the namespace is Terminating until deletedAt). */
  deletionRequestedAt?: number;
  /** Set when deleted; the record is kept so a restore from an older recovery point still finds it. */
  deletedAt?: number;
}

export interface ClusterState {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly kubernetesVersion: string;
  readonly powerState: 'Running' | 'Stopped';
  readonly createdAt: number;
  /** Every namespace the cluster ever had (deleted ones carry deletedAt). */
  readonly namespaces: NamespaceState[];
}

export interface PolicyState {
  readonly id: string;
  readonly name: string;
  readonly vaultId: string;
  readonly rule: 'BackupHourly' | 'BackupDaily';
  readonly interval: string;
  readonly intervalMs: number;
  /** Any slot of the schedule: slots are anchor + k × interval. */
  readonly anchor: number;
  /**
   * Start written in the policy's repeating interval: the anchor moved back by whole intervals to before its
   * oldest instance, as a real policy is created before the instances using it. Set once, while building.
   */
  scheduleStart: number;
  readonly retention: string;
  readonly retentionDuration: IsoDuration;
  readonly description: string | undefined;
  /** false: GET answers 403 and lists/Resource Graph omit it (see the scenario's `readable`). */
  readonly readable: boolean;
}

export interface TimelineEntry {
  readonly from: number;
  readonly behaviour: Behaviour;
  readonly failureCode?: string | undefined;
  readonly failureMessage?: string | undefined;
  readonly retryable?: boolean | undefined;
  readonly fixedBySync?: boolean | undefined;
}

export interface JobError {
  readonly code: string;
  readonly message: string;
  readonly isRetryable: boolean;
  readonly isUserError: boolean;
}

export type JobKind = 'scheduled' | 'adhoc' | 'restore';

export interface RestoreDetails {
  readonly recoveryPointId: string;
  readonly recoveryPointTime: number;
  readonly targetClusterId: string;
  /** source namespace → target namespace */
  readonly namespaceMappings: Readonly<Record<string, string>>;
  readonly conflictPolicy: 'Skip' | 'Patch';
}

/** One job, fixed when it is created; its status at a given instant is derived from start/end and the clock. */
export interface JobRecord {
  readonly id: string;
  readonly kind: JobKind;
  readonly instance: InstanceState;
  readonly start: number;
  readonly end: number;
  readonly outcome: 'Completed' | 'Failed';
  readonly error?: JobError | undefined;
  /** Backups: retention tag the recovery point is kept under, and its id once completed. */
  readonly retentionTag?: string | undefined;
  readonly recoveryPointId?: string | undefined;
  readonly restore?: RestoreDetails | undefined;
}

export interface InstanceState {
  readonly id: string;
  readonly name: string;
  readonly vault: VaultState;
  readonly policy: PolicyState;
  readonly cluster: ClusterState;
  readonly friendlyName: string;
  readonly description: string | undefined;
  readonly tags: Readonly<Record<string, string>>;
  readonly createdAt: number;
  readonly jobDurationMs: number;
  readonly includedNamespaces: readonly string[] | undefined;
  readonly excludedNamespaces: readonly string[];
  readonly snapshotResourceGroupId: string;
  /** Sorted by `from`; before the first entry the instance is healthy. */
  timeline: TimelineEntry[];
  /** Bumped on every timeline change so cached history is rebuilt. */
  version: number;
  /** On-demand backups and restores, in creation order. */
  readonly manualJobs: JobRecord[];
}

export interface VaultState {
  readonly id: string;
  readonly name: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly location: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly redundancy: string;
  readonly principalId: string;
  readonly policies: Map<string, PolicyState>;
  readonly instances: Map<string, InstanceState>;
}

export const AKS_DATASOURCE_TYPE = 'Microsoft.ContainerService/managedClusters';
