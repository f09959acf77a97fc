// Narrow interfaces the use cases depend on. Adapters implement them over the Azure SDKs; use cases never see a
// client, a URL or an HTTP status.
import type { RecoveryPointFact } from '../domain/rpo/rpo.js';
import type { FastFacts } from '../domain/rpo/rpoEvidence.js';
import type { ScheduleFact, Tags } from '../domain/rpo/rpoTarget.js';
import type { AutopilotCloudEvent } from '../events/cloudEvent.js';

/** One backup instance as the product sees it. */
export interface InstanceFact {
  readonly id: string;
  readonly name: string;
  readonly vaultId: string;
  readonly vaultName: string;
  /** ARM id of the protected AKS cluster. */
  readonly clusterId: string;
  readonly clusterName: string;
  readonly policyId: string;
  readonly protectionState: string | undefined;
  readonly protectionError: string | undefined;
  /** Tags on the backup instance (an `rpo` or `backup-tier` tag sets its target). */
  readonly tags?: Tags | undefined;
}

/** One backup vault of a watched subscription as the DataProtection API lists it, with its AKS backup instances. */
export interface VaultCensus {
  readonly id: string;
  readonly name: string;
  /** Empty with `error` set when the vault's instances could not be listed. */
  readonly instances: readonly InstanceFact[];
  readonly error?: unknown;
}

/** One watched subscription as the DataProtection API lists it: what Resource Graph's answer is checked against. */
export interface SubscriptionCensus {
  readonly subscriptionId: string;
  /** Empty with `error` set when the subscription's vaults could not be listed. */
  readonly vaults: readonly VaultCensus[];
  readonly error?: unknown;
}

export interface BackupInventory {
  /** Every AKS backup instance in the watched scope. */
  listInstances(): Promise<InstanceFact[]>;
  /**
   * Every watched subscription's vaults and their AKS backup instances (one list per subscription, one per vault).
   * Never rejects: a subscription or vault that could not be listed carries its error.
   */
  census(): Promise<SubscriptionCensus[]>;
  /** One instance; undefined when it does not exist (or is not an AKS instance). */
  getInstance(instanceId: string): Promise<InstanceFact | undefined>;
  /** The schedule of a policy's backup rule; undefined when the policy has none or cannot be read. */
  getSchedule(policyId: string): Promise<ScheduleFact | undefined>;
  /** Recovery points taken at or after `since` (all of them when `since` is undefined). */
  recoveryPoints(instanceId: string, since?: Date): Promise<RecoveryPointFact[]>;
  /** Tags of an AKS cluster; undefined when it has none. Throws when the cluster cannot be read. */
  clusterTags(clusterId: string): Promise<Tags | undefined>;
}

// ---- The fleet at a glance (Resource Graph): a few bulk queries instead of calls per instance.

export interface FleetInstanceFact extends InstanceFact {
  /** undefined with `clusterTagsError` when the cluster is not in the snapshot. */
  readonly clusterTags: Tags | undefined;
  readonly clusterTagsError?: string | undefined;
  readonly fast: FastFacts;
}

export interface FleetSnapshot {
  readonly instances: readonly FleetInstanceFact[];
  /** Schedules of the policies the snapshot holds, by lower-case policy id (undefined: the policy has no schedule). */
  readonly schedules: ReadonlyMap<string, ScheduleFact | undefined>;
}

export interface FleetReader {
  /** Every AKS backup instance in the watched scope with its tags, its cluster's tags and its backup job summary. */
  snapshot(): Promise<FleetSnapshot>;
}

// ---- State: JSON documents by key, every write conditional (the monitor's verdict history; later budgets, incidents).

/** A JSON document as stored, with the ETag that a conditional write must present. */
export interface StoredDocument {
  readonly value: unknown;
  readonly etag: string;
}

export interface StateStore {
  read(key: string): Promise<StoredDocument | undefined>;
  /** Writes only if no document exists under `key`; returns the new ETag. ConcurrencyError when one does. */
  create(key: string, value: unknown): Promise<string>;
  /** Writes only if the document still carries `etag`; returns the new ETag. ConcurrencyError otherwise. */
  replace(key: string, value: unknown, etag: string): Promise<string>;
  /** Keys starting with `prefix`, in key order. */
  list(prefix: string): Promise<string[]>;
}

/** A conditional write lost the race: the document changed (or appeared) since it was read. Re-read and decide again. */
export class ConcurrencyError extends Error {
  override readonly name = 'ConcurrencyError';
  constructor(
    readonly key: string,
    options?: ErrorOptions,
  ) {
    super(`state document "${key}" was changed by another writer`, options);
  }
}

// ---- Events: CloudEvents to the Event Grid topic.

export interface EventPublisher {
  /** Publishes every event or throws. The same id means the same event: consumers deduplicate on it. */
  publish(events: readonly AutopilotCloudEvent[]): Promise<void>;
}

// ---- Blob-landed backups (Velero, pg_dump, etcd snapshots): listing and reading, nothing else.

/** One blob as listed. */
export interface BlobFact {
  readonly name: string;
  readonly size: number;
  readonly lastModified: Date;
}

export interface BlobLocation {
  /** Blob service URL; undefined = the account that holds the app's state. */
  readonly serviceUrl: string | undefined;
  readonly container: string;
}

export interface BlobReader {
  /** Every blob whose name starts with `prefix` (all pages). */
  list(location: BlobLocation, prefix: string): Promise<BlobFact[]>;
  readText(location: BlobLocation, name: string): Promise<string>;
}

// ---- Failure detection and remediation (shared/usecases/remediation/remediationPorts.ts).

export type {
  BackupRerunner,
  GraphJobSource,
  JobFact,
  JobFeed,
  JobFeedAnswer,
  JobLogs,
  RerunInstance,
  RerunOptions,
  VaultJobSource,
} from './remediation/remediationPorts.js';
export { RerunStartError } from './remediation/remediationPorts.js';

// ---- Notifications: a Teams Workflows webhook and email. Each call sends one message or throws (an error whose
// message is safe to store and log: adapters redact secrets such as the webhook URL).

export interface TeamsSender {
  /** Posts one message (the JSON body of a Teams Workflows webhook request). */
  post(message: unknown): Promise<void>;
}

export interface OutgoingEmail {
  /** Stable per message: a retry of the same message carries the same id (ACS Operation-Id), so it is sent once. */
  readonly id: string;
  readonly subject: string;
  readonly html: string;
  readonly plainText: string;
}

export interface EmailSender {
  send(email: OutgoingEmail): Promise<void>;
}
