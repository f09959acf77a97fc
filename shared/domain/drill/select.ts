// Which due drills start on this tick. Caps protect the estate: one drill per cluster at a time (two restores into
// one cluster compete for its nodes and make both RTOs meaningless), a fleet-wide ceiling, and Azure's limit of 10
// restores per backup instance per day. What waits says why, so the status page can show it.
import { sameArmId } from '../armId.js';

/** Azure Backup for AKS accepts at most this many restores of one backup instance per day. */
export const AZURE_RESTORES_PER_INSTANCE_PER_DAY = 10;

export interface DrillCandidate {
  readonly instanceId: string;
  readonly clusterId: string;
  readonly period: string;
  readonly dueAt: Date;
  /** Restores of this instance triggered in the last 24 h (by drills; the vault's own count when known). */
  readonly restoresLast24h: number;
}

export interface RunningDrill {
  readonly instanceId: string;
  readonly clusterId: string;
}

export interface SelectLimits {
  readonly maxConcurrent: number;
}

export type DeferReason = 'not-due' | 'cluster-busy' | 'instance-busy' | 'fleet-cap' | 'daily-restore-limit';

export interface Selection {
  readonly start: readonly DrillCandidate[];
  readonly deferred: readonly { readonly instanceId: string; readonly reason: DeferReason }[];
}

export function selectDrills(
  candidates: readonly DrillCandidate[],
  running: readonly RunningDrill[],
  limits: SelectLimits,
  now: Date,
): Selection {
  const busyClusters = running.map((r) => r.clusterId);
  const busyInstances = running.map((r) => r.instanceId);
  let slots = Math.max(0, limits.maxConcurrent - running.length);
  const start: DrillCandidate[] = [];
  const deferred: { instanceId: string; reason: DeferReason }[] = [];
  const ordered = [...candidates].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.instanceId.localeCompare(b.instanceId));
  for (const c of ordered) {
    const reason = deferReason(c, busyInstances, busyClusters, slots, now);
    if (reason) {
      deferred.push({ instanceId: c.instanceId, reason });
      continue;
    }
    start.push(c);
    busyClusters.push(c.clusterId);
    busyInstances.push(c.instanceId);
    slots -= 1;
  }
  return { start, deferred };
}

function deferReason(
  c: DrillCandidate,
  busyInstances: readonly string[],
  busyClusters: readonly string[],
  slots: number,
  now: Date,
): DeferReason | undefined {
  if (c.dueAt.getTime() > now.getTime()) return 'not-due';
  if (busyInstances.some((id) => sameArmId(id, c.instanceId))) return 'instance-busy';
  if (busyClusters.some((id) => sameArmId(id, c.clusterId))) return 'cluster-busy';
  if (c.restoresLast24h >= AZURE_RESTORES_PER_INSTANCE_PER_DAY) return 'daily-restore-limit';
  if (slots <= 0) return 'fleet-cap';
  return undefined;
}
