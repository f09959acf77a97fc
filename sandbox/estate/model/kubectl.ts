// A tiny kubectl for AKS run command: get/create/delete over the model's namespaces and the objects inside them.
// Output mimics kubectl (tables, `-o json|name`, its error lines) because the product parses it.
import { createNamespace, deleteNamespace, isTerminating, namespaceAt, namespacesAt } from './cluster.js';
import { ModelError } from './errors.js';
import {
  HEADERS,
  KIND_INFO,
  kubeAge,
  objectJson,
  objectsOf,
  replicaSetHash,
  table,
  tableRow,
  type KubeKind,
  type KubeObject,
} from './kubeObjects.js';
import { kindOf, KubectlUsageError, parseKubectl, splitChain, tokenize, type KubectlArgs } from './kubectlArgs.js';
import type { ClusterState, NamespaceState } from './types.js';

export interface CommandOutcome {
  readonly exitCode: number;
  readonly logs: string;
}

const ok = (logs: string): CommandOutcome => ({ exitCode: 0, logs });
const fail = (logs: string): CommandOutcome => ({ exitCode: 1, logs });

/** Runs a command line (kubectl commands joined by `&&` or `;`); logs carry stdout and stderr, as AKS returns them. */
export function runCommandLine(cluster: ClusterState, line: string, now: number): CommandOutcome {
  const logs: string[] = [];
  let exitCode = 0;
  for (const { command, onlyIfOk } of splitChain(line)) {
    if (onlyIfOk && exitCode !== 0) break;
    const result = runOne(cluster, tokenize(command), now);
    exitCode = result.exitCode;
    if (result.logs !== '') logs.push(result.logs);
  }
  return { exitCode, logs: logs.join('\n') };
}

function runOne(cluster: ClusterState, tokens: string[], now: number): CommandOutcome {
  const [program, ...args] = tokens;
  if (program !== 'kubectl') return fail(`/bin/sh: 1: ${program ?? ''}: not found (the simulated run-command pod only has kubectl)`);
  try {
    const parsed = parseKubectl(args);
    switch (parsed.verb) {
      case 'get':
        return get(cluster, parsed, now);
      case 'create':
        return create(cluster, parsed, now);
      case 'delete':
        return remove(cluster, parsed, now);
      case 'label':
        return label(cluster, parsed, now);
      case 'version':
        return ok(
          `Client Version: v${cluster.kubernetesVersion}\nKustomize Version: v5.5.0\nServer Version: v${cluster.kubernetesVersion}`,
        );
      default:
        return fail(`error: unknown command "${parsed.verb}" for "kubectl"`);
    }
  } catch (error) {
    if (error instanceof KubectlUsageError) return fail(error.message);
    if (error instanceof ModelError) return fail(`Error from server (${error.code}): ${error.message}`);
    throw error;
  }
}

function get(cluster: ClusterState, args: KubectlArgs, now: number): CommandOutcome {
  const [type, ...names] = args.positional;
  const kind = kindOf(type);
  if (type === undefined) return fail('error: You must specify the type of resource to get.');
  if (kind === undefined) return fail(`error: the server doesn't have a resource type "${type}"`);
  if (args.output !== undefined && !['json', 'name', 'wide'].includes(args.output))
    return fail(`error: unable to match a printer suitable for the output format "${args.output}"`);
  if (kind === 'namespaces') return getNamespaces(cluster, names, args, now);
  if (kind === 'pv') return getVolumes(cluster, args, now);

  const scope = args.allNamespaces
    ? namespacesAt(cluster, now)
    : [namespaceAt(cluster, args.namespace ?? 'default', now)].filter((n) => n !== undefined);
  const kinds: KubeKind[] = kind === 'all' ? ['pods', 'services', 'deployments'] : [kind as KubeKind];
  let objects = scope.flatMap(objectsOf).filter((o) => kinds.includes(o.kind));
  if (names.length > 0) {
    const missing = names.find((n) => !objects.some((o) => o.name === n));
    if (missing !== undefined) return fail(`Error from server (NotFound): ${kind} "${missing}" not found`);
    objects = objects.filter((o) => names.includes(o.name));
  }
  if (objects.length === 0) {
    return ok(args.allNamespaces ? 'No resources found' : `No resources found in ${args.namespace ?? 'default'} namespace.`);
  }
  if (args.output === 'json') return ok(JSON.stringify(listOf(objects.map(objectJson), names.length === 1), null, 4));
  if (args.output === 'name') return ok(objects.map((o) => `${KIND_INFO[o.kind].prefix}/${o.name}`).join('\n'));
  const sections = kinds
    .map((k) =>
      objectTable(
        objects.filter((o) => o.kind === k),
        k,
        kind === 'all',
        args.allNamespaces,
        now,
      ),
    )
    .filter((s) => s !== '');
  if (kind === 'all') sections.push(replicaSetTable(scope, args.allNamespaces, now));
  return ok(sections.filter((s) => s !== '').join('\n\n'));
}

function objectTable(objects: KubeObject[], kind: KubeKind, prefixed: boolean, withNamespace: boolean, now: number): string {
  if (objects.length === 0) return '';
  const rows = objects.map((o) => {
    const row = tableRow(o, kubeAge(now - o.createdAt));
    if (prefixed) row[0] = `${KIND_INFO[kind].prefix}/${o.name}`;
    return withNamespace ? [o.namespace, ...row] : row;
  });
  return table([[...(withNamespace ? ['NAMESPACE'] : []), ...HEADERS[kind]], ...rows]);
}

function replicaSetTable(scope: NamespaceState[], withNamespace: boolean, now: number): string {
  const rows = scope.flatMap((ns) =>
    objectsOf(ns)
      .filter((o) => o.kind === 'deployments')
      .map((d) => {
        const n = String(d.replicas ?? 0);
        const row = [`replicaset.apps/${d.name}-${replicaSetHash(ns, d.name)}`, n, n, n, kubeAge(now - d.createdAt)];
        return withNamespace ? [ns.name, ...row] : row;
      }),
  );
  return rows.length === 0 ? '' : table([[...(withNamespace ? ['NAMESPACE'] : []), 'NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], ...rows]);
}

function getNamespaces(cluster: ClusterState, names: string[], args: KubectlArgs, now: number): CommandOutcome {
  let list = namespacesAt(cluster, now);
  if (names.length > 0) {
    const missing = names.find((n) => !list.some((ns) => ns.name === n));
    if (missing !== undefined)
      return args.ignoreNotFound ? ok('') : fail(`Error from server (NotFound): namespaces "${missing}" not found`);
    list = names.map((n) => list.find((ns) => ns.name === n)).filter((ns) => ns !== undefined);
  }
  const phase = (ns: NamespaceState): string => (isTerminating(ns, now) ? 'Terminating' : 'Active');
  if (args.output === 'json') {
    const items = list.map((ns) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: {
        name: ns.name,
        uid: ns.uid,
        labels: { ...ns.labels, 'kubernetes.io/metadata.name': ns.name },
        creationTimestamp: new Date(ns.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
        ...(ns.deletionRequestedAt !== undefined
          ? { deletionTimestamp: new Date(ns.deletionRequestedAt).toISOString().replace(/\.\d{3}Z$/, 'Z') }
          : {}),
      },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: phase(ns) },
    }));
    return ok(JSON.stringify(listOf(items, names.length === 1), null, 4));
  }
  if (args.output === 'name') return ok(list.map((ns) => `namespace/${ns.name}`).join('\n'));
  return ok(table([['NAME', 'STATUS', 'AGE'], ...list.map((ns) => [ns.name, phase(ns), kubeAge(now - ns.createdAt)])]));
}

/** One object for `get <kind> <name> -o json`, a List otherwise. */
const listOf = (items: Record<string, unknown>[], single: boolean): unknown =>
  single && items.length === 1 ? items[0] : { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };

function create(cluster: ClusterState, args: KubectlArgs, now: number): CommandOutcome {
  const [type, name] = args.positional;
  if (kindOf(type) !== 'namespaces') return fail(`error: the simulated cluster can only create namespaces (got "${type ?? ''}")`);
  if (name === undefined) return fail('error: exactly one NAME is required, got 0');
  createNamespace(cluster, name, now);
  return ok(`namespace/${name} created`);
}

function remove(cluster: ClusterState, args: KubectlArgs, now: number): CommandOutcome {
  const [type, ...names] = args.positional;
  if (kindOf(type) !== 'namespaces') return fail(`error: the simulated cluster can only delete namespaces (got "${type ?? ''}")`);
  if (names.length === 0) return fail('error: resource(s) were provided, but no name was specified');
  const lines: string[] = [];
  for (const name of names) {
    if (!namespaceAt(cluster, name, now)) {
      if (args.ignoreNotFound) continue;
      return fail([...lines, `Error from server (NotFound): namespaces "${name}" not found`].join('\n'));
    }
    deleteNamespace(cluster, name, now, args.wait);
    lines.push(`namespace "${name}" deleted`);
  }
  return ok(lines.join('\n'));
}

/** `kubectl label ns <name> k=v …`: a key already set needs --overwrite, as kubectl says. */
function label(cluster: ClusterState, args: KubectlArgs, now: number): CommandOutcome {
  const [type, name, ...pairs] = args.positional;
  if (kindOf(type) !== 'namespaces') return fail(`error: the simulated cluster can only label namespaces (got "${type ?? ''}")`);
  const ns = name === undefined ? undefined : namespaceAt(cluster, name, now);
  if (!ns) return fail(`Error from server (NotFound): namespaces "${name ?? ''}" not found`);
  if (pairs.length === 0) return fail('error: at least one label update is required');
  for (const pair of pairs) {
    const m = /^([A-Za-z0-9][-A-Za-z0-9_./]*)=([-A-Za-z0-9_.]*)$/.exec(pair);
    if (!m) return fail(`error: invalid label spec: ${pair}`);
    const [, key = '', value = ''] = m;
    if (ns.labels[key] !== undefined && ns.labels[key] !== value && !args.overwrite) {
      return fail(`error: '${key}' already has a value (${ns.labels[key]}), and --overwrite is false`);
    }
    ns.labels[key] = value;
  }
  return ok(`namespace/${ns.name} labeled`);
}

/**
 * PersistentVolumes behind every PVC of the cluster: one Azure disk each, named after the claim's uid, so a restored
 * claim (a new namespace, a new uid) gets a new disk, as a CSI snapshot restore does.
 */
function getVolumes(cluster: ClusterState, args: KubectlArgs, now: number): CommandOutcome {
  const claims = namespacesAt(cluster, now)
    .flatMap(objectsOf)
    .filter((o) => o.kind === 'pvc');
  const nodeRg = `MC_${cluster.resourceGroup}_${cluster.name}_${cluster.location}`;
  const items = claims.map((c) => ({
    apiVersion: 'v1',
    kind: 'PersistentVolume',
    metadata: { name: `pvc-${c.uid}`, creationTimestamp: new Date(c.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z') },
    spec: {
      capacity: { storage: '8Gi' },
      claimRef: { kind: 'PersistentVolumeClaim', namespace: c.namespace, name: c.name, uid: c.uid },
      csi: {
        driver: 'disk.csi.azure.com',
        volumeHandle: `/subscriptions/${cluster.subscriptionId}/resourceGroups/${nodeRg}/providers/Microsoft.Compute/disks/pvc-${c.uid}`,
      },
      storageClassName: 'managed-csi',
    },
    status: { phase: 'Bound' },
  }));
  if (args.output === 'json') return ok(JSON.stringify(listOf(items, false), null, 4));
  if (items.length === 0) return ok('No resources found');
  return ok(
    table([
      ['NAME', 'CAPACITY', 'STATUS', 'CLAIM', 'STORAGECLASS'],
      ...items.map((v) => [v.metadata.name, '8Gi', 'Bound', `${v.spec.claimRef.namespace}/${v.spec.claimRef.name}`, 'managed-csi']),
    ]),
  );
}
