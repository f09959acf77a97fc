// The drill's reconcile step, as two pure functions. `nextAction` reads the record and says the one thing to do
// now; the use case does it (through the guard) and hands what happened to `applyOutcome`, which returns the next
// record to write. A tick that dies between the two is repaired by the next one: the record never claims more than
// what was written, and a restore whose request may have left is looked for before any retrigger.
import type { DrillRecord } from './record.js';

export interface DrillLimits {
  /** Transient errors tolerated in one stage before the drill fails there. */
  readonly maxAttempts: number;
  /** How long a sent restore request may take to show up as a job before it counts as never sent. */
  readonly jobVisibilityMs: number;
  /** Restore requests per drill at most (the first one plus retriggers after a request proven lost). */
  readonly maxRestoreRequests: number;
  readonly restoreTimeoutMs: number;
  readonly verifyTimeoutMs: number;
  readonly cleanupTimeoutMs: number;
}

export type DrillAction =
  | { readonly kind: 'plan' }
  | { readonly kind: 'validate' }
  | { readonly kind: 'create-namespaces' }
  | { readonly kind: 'record-intent' }
  | { readonly kind: 'trigger-restore' }
  | { readonly kind: 'find-restore-job'; readonly since: string }
  | { readonly kind: 'poll-restore-job'; readonly jobId: string }
  | { readonly kind: 'verify' }
  | { readonly kind: 'delete-namespaces' }
  | { readonly kind: 'time-out'; readonly reason: string }
  | { readonly kind: 'none' };

const since = (iso: string | undefined, now: Date): number => (iso ? now.getTime() - Date.parse(iso) : 0);

/**
 * `intentJustWritten`: this tick wrote the restore intent itself, so nothing can have been sent yet and the
 * restore goes out at once; after a restart the same record means "maybe sent" and the job is looked for first.
 */
export function nextAction(r: DrillRecord, now: Date, limits: DrillLimits, intentJustWritten = false): DrillAction {
  const inStage = since(r.stages[r.stage]?.startedAt, now);
  switch (r.stage) {
    case 'due':
      return { kind: 'plan' };
    case 'validating':
      return { kind: 'validate' };
    case 'preparing':
      return { kind: 'create-namespaces' };
    case 'restoring':
      return restoring(r, limits, inStage, intentJustWritten);
    case 'verifying':
      if (inStage > limits.verifyTimeoutMs) return { kind: 'time-out', reason: `not ready after ${Math.round(inStage / 60_000)} min` };
      return { kind: 'verify' };
    case 'cleaning':
      if (inStage > limits.cleanupTimeoutMs)
        return { kind: 'time-out', reason: `namespaces still present after ${Math.round(inStage / 60_000)} min` };
      return { kind: 'delete-namespaces' };
    case 'passed':
    case 'failed':
      return { kind: 'none' };
  }
}

function restoring(r: DrillRecord, limits: DrillLimits, inStage: number, intentJustWritten: boolean): DrillAction {
  if (r.restoreJobId !== undefined) {
    if (inStage > limits.restoreTimeoutMs)
      return { kind: 'time-out', reason: `restore job still running after ${Math.round(inStage / 60_000)} min` };
    return { kind: 'poll-restore-job', jobId: r.restoreJobId };
  }
  const intent = r.restoreIntent;
  if (intent === undefined) return { kind: 'record-intent' };
  if (intentJustWritten) return { kind: 'trigger-restore' };
  // A request may have left before the tick died: look for its job; applyOutcome decides, from how long ago the
  // intent was written, whether "not found" means "not visible yet" or "never sent".
  return { kind: 'find-restore-job', since: intent.at };
}
