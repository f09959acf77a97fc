// Is the restored copy up, and is it really a copy? Readiness: every Deployment and StatefulSet at its desired
// ready replicas, every PVC Bound, no pod crash-looping. Isolation comes first and decides alone: a restored volume
// bound to a source disk (a known failure of in-place clones) means the "restore" is production itself, so the
// drill fails and cleans up without running any check against it.
import { field, volumeDisk, type KubeItem } from './kube.js';
import type { CheckResult } from './record.js';

/** Restarts after which a CrashLoopBackOff is a verdict, not a pod still starting. */
export const CRASH_LOOP_RESTARTS = 3;

export function isolationProblem(sourcePvs: readonly KubeItem[], restoredPvs: readonly KubeItem[]): string | undefined {
  const sourceDisks = new Set(sourcePvs.map(volumeDisk).filter((d): d is string => d !== undefined));
  for (const pv of restoredPvs) {
    const disk = volumeDisk(pv);
    if (disk === undefined) return `restored volume ${pv.name} names no disk: isolation cannot be proven`;
    if (sourceDisks.has(disk)) return `restored volume ${pv.name} is bound to a source disk (${disk})`;
  }
  return undefined;
}

export type Readiness =
  | { readonly state: 'ready'; readonly checks: readonly CheckResult[] }
  | { readonly state: 'waiting'; readonly detail: string; readonly pvcsBound: boolean }
  | { readonly state: 'failed'; readonly reason: string; readonly checks: readonly CheckResult[] };

export function readiness(items: readonly KubeItem[], expectedWorkloads: number): Readiness {
  const checks: CheckResult[] = [];
  const workloads = items.filter((i) => i.kind === 'Deployment' || i.kind === 'StatefulSet');
  const pvcs = items.filter((i) => i.kind === 'PersistentVolumeClaim');
  const pods = items.filter((i) => i.kind === 'Pod');
  const unready = workloads.filter((w) => readyReplicas(w) < desiredReplicas(w)).map((w) => `${w.kind}/${w.name}`);
  const unbound = pvcs.filter((p) => field.str(field.obj(p.raw.status).phase) !== 'Bound').map((p) => p.name);
  const looping = pods.filter(crashLooping).map((p) => p.name);
  checks.push({
    name: 'workloads',
    ok: workloads.length >= expectedWorkloads,
    detail: `${workloads.length} of ${expectedWorkloads} restored`,
  });
  checks.push({
    name: 'replicas-ready',
    ok: unready.length === 0,
    detail: unready.length === 0 ? 'all ready' : `not ready: ${unready.join(', ')}`,
  });
  checks.push({
    name: 'pvcs-bound',
    ok: unbound.length === 0,
    detail: unbound.length === 0 ? `${pvcs.length} bound` : `not bound: ${unbound.join(', ')}`,
  });
  checks.push({ name: 'no-crash-loop', ok: looping.length === 0, detail: looping.length === 0 ? 'none' : looping.join(', ') });
  if (looping.length > 0) return { state: 'failed', reason: `pods in CrashLoopBackOff: ${looping.join(', ')}`, checks };
  if (workloads.length < expectedWorkloads)
    return { state: 'failed', reason: `${workloads.length} of ${expectedWorkloads} workloads restored`, checks };
  if (unready.length > 0 || unbound.length > 0) {
    return {
      state: 'waiting',
      detail: [unready.length > 0 ? `not ready: ${unready.join(', ')}` : '', unbound.length > 0 ? `not bound: ${unbound.join(', ')}` : '']
        .filter(Boolean)
        .join('; '),
      pvcsBound: unbound.length === 0,
    };
  }
  return { state: 'ready', checks };
}

function desiredReplicas(w: KubeItem): number {
  return field.num(field.obj(w.raw.spec).replicas) ?? 1;
}

function readyReplicas(w: KubeItem): number {
  return field.num(field.obj(w.raw.status).readyReplicas) ?? 0;
}

function crashLooping(pod: KubeItem): boolean {
  const statuses = field.obj(pod.raw.status).containerStatuses;
  if (!Array.isArray(statuses)) return false;
  return statuses.some((s) => {
    const c = field.obj(s);
    const waiting = field.str(field.obj(field.obj(c.state).waiting).reason);
    return waiting === 'CrashLoopBackOff' && (field.num(c.restartCount) ?? 0) >= CRASH_LOOP_RESTARTS;
  });
}
