// The Kubernetes objects inside a simulated namespace, expanded from its resource counts with stable names
// (pods look like 'shop-api-6d9f7c8b4d-x2k9p'), plus kubectl's table and age formatting.
import { guidFrom, hash32 } from './hash.js';
import type { NamespaceState } from './types.js';

export type KubeKind = 'pods' | 'deployments' | 'services' | 'configmaps' | 'pvc';

export interface KubeObject {
  readonly kind: KubeKind;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly createdAt: number;
  /** Pods: owning deployment; deployments: replicas. */
  readonly owner?: string;
  readonly replicas?: number;
}

const ROLES = ['api', 'web', 'worker', 'cache', 'gateway', 'jobs'];
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** kubectl-style random suffix, derived from a key. */
function suffix(key: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[hash32(key, i) % ALPHABET.length] ?? 'x';
  return out;
}

/** Derived from the pod template (not the namespace instance), so a restored deployment keeps its ReplicaSet hash. */
export const replicaSetHash = (ns: NamespaceState, deployment: string): string => suffix(`${ns.objectPrefix ?? ns.name}/${deployment}`, 10);

export function objectsOf(ns: NamespaceState): KubeObject[] {
  const { resources: r, name, uid, createdAt } = ns;
  const prefix = ns.objectPrefix ?? name;
  const make = (kind: KubeKind, objectName: string, extra: Partial<KubeObject> = {}): KubeObject => ({
    kind,
    name: objectName,
    namespace: name,
    uid: guidFrom(`${uid}/${kind}/${objectName}`),
    createdAt,
    ...extra,
  });
  const deployments = Array.from({ length: r.deployments }, (_, i) => {
    const role = ROLES[i % ROLES.length] ?? 'app';
    return i < ROLES.length ? `${prefix}-${role}` : `${prefix}-${role}-${Math.floor(i / ROLES.length)}`;
  });
  const replicas = new Map<string, number>();
  const pods = Array.from({ length: r.pods }, (_, i) => {
    const owner = deployments[i % Math.max(1, deployments.length)];
    if (owner === undefined) return make('pods', `${prefix}-pod-${i}`);
    replicas.set(owner, (replicas.get(owner) ?? 0) + 1);
    return make('pods', `${owner}-${replicaSetHash(ns, owner)}-${suffix(`${uid}/pod/${i}`, 5)}`, { owner });
  });
  return [
    ...pods,
    ...deployments.map((d) => make('deployments', d, { replicas: replicas.get(d) ?? 0 })),
    ...Array.from({ length: r.services }, (_, i) => make('services', deployments[i] ?? `${prefix}-svc-${i}`)),
    ...Array.from({ length: r.configMaps }, (_, i) => make('configmaps', i === 0 ? 'kube-root-ca.crt' : `${prefix}-config-${i}`)),
    ...Array.from({ length: r.pvcs }, (_, i) => make('pvc', `data-${prefix}-${i}`)),
  ];
}

/** kubectl's HumanDuration: 45s, 5m30s, 95m, 5h12m, 20h, 3d4h, 90d. */
export function kubeAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const m = Math.floor(s / 60);
  const h = Math.floor(m / 60);
  const d = Math.floor(h / 24);
  if (s < 120) return `${s}s`;
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (h < 3) return `${m}m`;
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  if (d < 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  return `${Math.floor(d / 365)}y`;
}

/** Columns padded like kubectl's tabwriter (3 spaces between columns). */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd((widths[i] ?? 0) + 3)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}

export const KIND_INFO: Record<KubeKind, { apiVersion: string; kind: string; prefix: string }> = {
  pods: { apiVersion: 'v1', kind: 'Pod', prefix: 'pod' },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment', prefix: 'deployment.apps' },
  services: { apiVersion: 'v1', kind: 'Service', prefix: 'service' },
  configmaps: { apiVersion: 'v1', kind: 'ConfigMap', prefix: 'configmap' },
  pvc: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', prefix: 'persistentvolumeclaim' },
};

export function tableRow(o: KubeObject, age: string): string[] {
  switch (o.kind) {
    case 'pods':
      return [o.name, '1/1', 'Running', '0', age];
    case 'deployments':
      return [o.name, `${o.replicas ?? 0}/${o.replicas ?? 0}`, String(o.replicas ?? 0), String(o.replicas ?? 0), age];
    case 'services':
      return [o.name, 'ClusterIP', `10.0.${hash32(o.uid) % 250}.${(hash32(o.uid, 1) % 250) + 2}`, '<none>', '80/TCP', age];
    case 'configmaps':
      return [o.name, '1', age];
    case 'pvc':
      return [o.name, 'Bound', `pvc-${o.uid}`, '8Gi', 'RWO', 'managed-csi', age];
  }
}

export const HEADERS: Record<KubeKind, string[]> = {
  pods: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
  deployments: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
  services: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
  configmaps: ['NAME', 'DATA', 'AGE'],
  pvc: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'AGE'],
};

export function objectJson(o: KubeObject): Record<string, unknown> {
  const info = KIND_INFO[o.kind];
  const metadata = {
    name: o.name,
    namespace: o.namespace,
    uid: o.uid,
    creationTimestamp: new Date(o.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    labels: { app: o.owner ?? o.name },
  };
  const status: Record<KubeKind, Record<string, unknown>> = {
    pods: { phase: 'Running' },
    deployments: { replicas: o.replicas ?? 0, readyReplicas: o.replicas ?? 0, availableReplicas: o.replicas ?? 0 },
    services: {},
    configmaps: {},
    pvc: { phase: 'Bound' },
  };
  return {
    apiVersion: info.apiVersion,
    kind: info.kind,
    metadata,
    ...(o.kind === 'deployments' ? { spec: { replicas: o.replicas ?? 0 } } : {}),
    status: status[o.kind],
  };
}
