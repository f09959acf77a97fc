// Namespaces of a simulated AKS cluster over time. Records are never dropped: a deleted namespace keeps its
// deletedAt, so a restore from a recovery point taken before the deletion still finds what was backed up.
import { guidFrom } from './hash.js';
import { ModelError } from './errors.js';
import type { ResourceCounts } from './scenario.js';
import type { ClusterState, NamespaceState } from './types.js';

/** `kubectl delete ns --wait=false` returns at once; the namespace stays Terminating this long. */
export const TERMINATION_MS = 10_000;

const EMPTY: ResourceCounts = { deployments: 0, pods: 0, services: 0, configMaps: 1, pvcs: 0 };

export const existsAt = (ns: NamespaceState, at: number): boolean =>
  ns.createdAt <= at && (ns.deletedAt === undefined || ns.deletedAt > at);

/** Namespaces present at `at` (Terminating ones included), in creation order. */
export const namespacesAt = (cluster: ClusterState, at: number): NamespaceState[] => cluster.namespaces.filter((ns) => existsAt(ns, at));

export const namespaceAt = (cluster: ClusterState, name: string, at: number): NamespaceState | undefined =>
  cluster.namespaces.find((ns) => ns.name === name && existsAt(ns, at));

export const isTerminating = (ns: NamespaceState, at: number): boolean =>
  ns.deletionRequestedAt !== undefined && ns.deletionRequestedAt <= at;

export function createNamespace(
  cluster: ClusterState,
  name: string,
  at: number,
  content: { labels?: Readonly<Record<string, string>>; resources?: ResourceCounts; objectPrefix?: string } = {},
): NamespaceState {
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
    throw new ModelError(
      422,
      'Invalid',
      `The Namespace "${name}" is invalid: metadata.name: a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'`,
    );
  }
  const existing = namespaceAt(cluster, name, at);
  if (existing) {
    const prefix = isTerminating(existing, at) ? 'object is being deleted: ' : '';
    throw new ModelError(409, 'AlreadyExists', `${prefix}namespaces "${name}" already exists`);
  }
  const ns: NamespaceState = {
    name,
    uid: guidFrom(`${cluster.id}/namespaces/${name}@${at}`),
    labels: { ...(content.labels ?? {}) },
    resources: content.resources ?? EMPTY,
    createdAt: at,
    ...(content.objectPrefix !== undefined && content.objectPrefix !== name ? { objectPrefix: content.objectPrefix } : {}),
  };
  cluster.namespaces.push(ns);
  return ns;
}

/** Deletes now (`wait`, as `kubectl delete` does by default) or after a Terminating phase (`--wait=false`). */
export function deleteNamespace(cluster: ClusterState, name: string, at: number, wait = true): NamespaceState {
  const ns = namespaceAt(cluster, name, at);
  if (!ns) throw new ModelError(404, 'NotFound', `namespaces "${name}" not found`);
  ns.deletionRequestedAt ??= at;
  ns.deletedAt = wait ? at : Math.min(ns.deletedAt ?? Infinity, ns.deletionRequestedAt + TERMINATION_MS);
  return ns;
}
