// Is every AKS cluster protected, and everything inside it? A cluster is covered by an Azure Backup instance or a
// Velero blob source that names it, or exempt by a tag that says why; otherwise it is unprotected — the worst case,
// because nothing else in the product can see it. Inside a covered cluster, namespaces no instance includes and
// volumes Azure Backup for AKS skips are listed: Azure's own center stops at the cluster.
import { sameArmId } from '../armId.js';
import { tagValue, type Tags } from '../rpo/rpoTarget.js';

/** Namespaces Azure Backup for AKS never backs up. */
export const SKIPPED_SYSTEM_NAMESPACES: readonly string[] = ['kube-system', 'kube-node-lease', 'kube-public'];

export interface ClusterFact {
  readonly id: string;
  readonly name: string;
  readonly tags?: Tags | undefined;
}

export interface InstanceScope {
  readonly instanceId: string;
  readonly clusterId: string;
  /** Empty or undefined: every namespace. */
  readonly includedNamespaces?: readonly string[] | undefined;
  readonly excludedNamespaces?: readonly string[] | undefined;
  readonly labelSelectors?: readonly string[] | undefined;
}

export type ClusterCoverage =
  | { readonly state: 'covered'; readonly by: readonly string[] }
  | { readonly state: 'exempt'; readonly reason: string }
  | { readonly state: 'unprotected'; readonly reason: string };

export function clusterCoverage(
  cluster: ClusterFact,
  instances: readonly InstanceScope[],
  veleroSources: readonly { readonly name: string; readonly clusterId?: string | undefined }[],
  exemptTagName: string,
): ClusterCoverage {
  const by = [
    ...instances.filter((i) => sameArmId(i.clusterId, cluster.id)).map((i) => i.instanceId),
    ...veleroSources.filter((s) => s.clusterId !== undefined && sameArmId(s.clusterId, cluster.id)).map((s) => `velero:${s.name}`),
  ];
  if (by.length > 0) return { state: 'covered', by };
  const exempt = tagValue(cluster.tags, exemptTagName)?.trim();
  if (exempt) return { state: 'exempt', reason: exempt };
  if (exempt === '') return { state: 'unprotected', reason: `tag ${exemptTagName} is empty: an exemption must say why` };
  return { state: 'unprotected', reason: 'no Azure Backup instance or Velero source protects this cluster' };
}

export interface NamespaceGap {
  readonly namespace: string;
  readonly why: string;
}

/** Namespaces of a covered cluster that no instance backs up (fully), with the reason. */
export function namespaceGaps(namespaces: readonly string[], scopes: readonly InstanceScope[]): NamespaceGap[] {
  const gaps: NamespaceGap[] = [];
  for (const ns of namespaces) {
    if (SKIPPED_SYSTEM_NAMESPACES.includes(ns)) continue;
    const covering = scopes.filter((s) => includes(s, ns));
    if (covering.length === 0) {
      gaps.push({
        namespace: ns,
        why: scopes.some((s) => s.excludedNamespaces?.includes(ns)) ? 'excluded by every instance' : 'not in any instance’s include list',
      });
    } else if (covering.every((s) => (s.labelSelectors?.length ?? 0) > 0)) {
      const selectors = [...new Set(covering.flatMap((s) => s.labelSelectors ?? []))].join(', ');
      gaps.push({ namespace: ns, why: `only resources matching ${selectors} are backed up` });
    }
  }
  return gaps;
}

function includes(s: InstanceScope, ns: string): boolean {
  if (s.excludedNamespaces?.includes(ns)) return false;
  return !s.includedNamespaces || s.includedNamespaces.length === 0 || s.includedNamespaces.includes(ns);
}

export interface VolumeFact {
  readonly namespace: string;
  readonly claim: string;
  /** CSI driver, e.g. disk.csi.azure.com; undefined for in-tree volumes. */
  readonly csiDriver: string | undefined;
  /** Disk SKU from the storage class (Premium_LRS, PremiumV2_LRS, UltraSSD_LRS, …). */
  readonly skuName?: string | undefined;
  readonly sizeGiB: number;
}

/** Why Azure Backup for AKS will not back a volume up; undefined when it will. */
export function volumeSkipReason(v: VolumeFact, vaultTier: boolean): string | undefined {
  if (v.csiDriver === undefined) return 'in-tree volume: only Azure Disk CSI volumes are backed up';
  const driver = v.csiDriver.toLowerCase();
  if (driver === 'file.csi.azure.com') return 'Azure Files volume: not supported by Azure Backup for AKS';
  if (driver === 'blob.csi.azure.com') return 'Azure Blob volume: not supported by Azure Backup for AKS';
  if (driver !== 'disk.csi.azure.com') return `${v.csiDriver} volume: only Azure Disk CSI volumes are backed up`;
  const sku = v.skuName?.toLowerCase() ?? '';
  if (sku.startsWith('premiumv2')) return 'Premium SSD v2 disk: not supported';
  if (sku.startsWith('ultrassd')) return 'Ultra disk: not supported';
  if (vaultTier && v.sizeGiB > 1024) return `${v.sizeGiB} GiB disk: the vault tier takes disks up to 1 TB`;
  return undefined;
}
