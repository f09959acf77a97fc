// Every mutating call a drill makes passes through here first. A drill may only write inside the `validation-*`
// namespaces it planned, created and labelled; source namespaces and cluster-scoped objects are never written.
// A refusal is a bug in the caller, never a condition to retry: the drill fails and says which rule stopped it.
import { DRILL_LABEL, VALIDATION_PREFIX } from './names.js';

export interface DrillScope {
  readonly drillId: string;
  /** The planned mapping: source namespace → validation namespace. */
  readonly namespaces: readonly { readonly source: string; readonly target: string }[];
}

export type Mutation =
  | { readonly kind: 'create-namespace'; readonly name: string; readonly labels: Readonly<Record<string, string>> }
  | { readonly kind: 'namespaced-write'; readonly namespace: string; readonly what: string }
  | { readonly kind: 'cluster-scoped-write'; readonly what: string }
  | {
      readonly kind: 'restore';
      readonly mappings: Readonly<Record<string, string>>;
      readonly includeClusterScopeResources: boolean;
    }
  /** `labels` as read back from the cluster just before the delete, never as remembered. */
  | { readonly kind: 'delete-namespace'; readonly name: string; readonly labels: Readonly<Record<string, string>> | undefined };

export type GuardVerdict = { readonly allowed: true } | { readonly allowed: false; readonly rule: string };

const allow: GuardVerdict = { allowed: true };
const refuse = (rule: string): GuardVerdict => ({ allowed: false, rule });

export function guardMutation(scope: DrillScope, m: Mutation): GuardVerdict {
  const targets = new Set(scope.namespaces.map((n) => n.target));
  const sources = new Set(scope.namespaces.map((n) => n.source));
  const owned = (ns: string): boolean => ns.startsWith(VALIDATION_PREFIX) && targets.has(ns) && !sources.has(ns);
  switch (m.kind) {
    case 'create-namespace':
      if (!owned(m.name)) return refuse(`namespace "${m.name}" is not one of this drill's validation namespaces`);
      if (m.labels[DRILL_LABEL] !== scope.drillId) return refuse(`namespace "${m.name}" must be labelled ${DRILL_LABEL}=${scope.drillId}`);
      return allow;
    case 'namespaced-write':
      return owned(m.namespace) ? allow : refuse(`${m.what} in "${m.namespace}": writes only in this drill's validation namespaces`);
    case 'cluster-scoped-write':
      return refuse(`${m.what}: a drill never writes cluster-scoped objects`);
    case 'restore':
      return guardRestore(scope, m.mappings, m.includeClusterScopeResources, owned);
    case 'delete-namespace':
      if (!m.name.startsWith(VALIDATION_PREFIX)) return refuse(`namespace "${m.name}" is not a validation namespace`);
      if (m.labels?.[DRILL_LABEL] !== scope.drillId) return refuse(`namespace "${m.name}" does not carry ${DRILL_LABEL}=${scope.drillId}`);
      return allow;
  }
}

function guardRestore(
  scope: DrillScope,
  mappings: Readonly<Record<string, string>>,
  includeClusterScope: boolean,
  owned: (ns: string) => boolean,
): GuardVerdict {
  if (includeClusterScope) return refuse('a drill restores with includeClusterScopeResources: false');
  const entries = Object.entries(mappings);
  if (entries.length === 0) return refuse('a restore without namespace mappings would write into the source namespaces');
  for (const [source, target] of entries) {
    if (!owned(target)) return refuse(`mapping ${source} → ${target}: the target is not one of this drill's validation namespaces`);
    const planned = scope.namespaces.find((n) => n.source === source);
    if (planned?.target !== target) return refuse(`mapping ${source} → ${target} is not the planned mapping`);
  }
  if (entries.length !== scope.namespaces.length) return refuse('every included namespace must be mapped, or its objects restore in place');
  return allow;
}

/** The sweeper's rule: only labelled validation namespaces of finished or abandoned drills, older than the limit. */
export function sweepable(
  ns: { readonly name: string; readonly labels: Readonly<Record<string, string>> | undefined; readonly createdAt: Date },
  activeDrillIds: ReadonlySet<string>,
  maxAgeMs: number,
  now: Date,
): boolean {
  const owner = ns.labels?.[DRILL_LABEL];
  if (!ns.name.startsWith(VALIDATION_PREFIX) || owner === undefined || owner === '') return false;
  if (activeDrillIds.has(owner)) return false;
  return now.getTime() - ns.createdAt.getTime() > maxAgeMs;
}
