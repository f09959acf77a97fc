// Narrow interfaces the use cases depend on. Adapters implement them over the Azure SDKs; use cases never see a
// client, a URL or an HTTP status.
import type { RecoveryPointFact } from '../domain/rpo.js';
import type { ScheduleFact } from '../domain/rpoTarget.js';

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
}

export interface BackupInventory {
  /** Every AKS backup instance in the watched scope. */
  listInstances(): Promise<InstanceFact[]>;
  /** One instance; undefined when it does not exist (or is not an AKS instance). */
  getInstance(instanceId: string): Promise<InstanceFact | undefined>;
  /** The schedule of a policy's backup rule; undefined when the policy has none or cannot be read. */
  getSchedule(policyId: string): Promise<ScheduleFact | undefined>;
  /** Recovery points taken at or after `since` (all of them when `since` is undefined). */
  recoveryPoints(instanceId: string, since?: Date): Promise<RecoveryPointFact[]>;
}
