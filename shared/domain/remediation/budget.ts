// How many re-runs an instance may get and when. Azure allows 10 on-demand backups per instance per UTC day; the
// product's budget is kept below that (at most 8) so people always have room for their own on-demand backups.
// Between attempts the wait doubles, so a flapping cluster is not hammered.

export const MAX_RERUNS_PER_DAY = 8;

export interface BudgetPolicy {
  /** Re-runs per instance per UTC day (1..MAX_RERUNS_PER_DAY). */
  readonly perDay: number;
  /** Wait after the first attempt of the day; doubles with each further attempt. */
  readonly backoffBaseMs: number;
  readonly maxBackoffMs: number;
}

export type BudgetDecision =
  | { readonly kind: 'allowed'; readonly attempt: number }
  | { readonly kind: 'backoff'; readonly until: Date; readonly attempt: number }
  | { readonly kind: 'exhausted'; readonly used: number; readonly budget: number; readonly resetsAt: Date };

export function startOfUtcDay(t: Date): Date {
  return new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
}

/**
 * Decide whether one more re-run may start now, given the times of earlier re-runs of the same instance.
 * `attempt` is the 1-based number the next re-run would have today.
 */
export function decideRerun(previous: readonly Date[], now: Date, policy: BudgetPolicy): BudgetDecision {
  if (!Number.isInteger(policy.perDay) || policy.perDay < 1 || policy.perDay > MAX_RERUNS_PER_DAY) {
    throw new RangeError(`re-run budget must be 1..${MAX_RERUNS_PER_DAY} per day, got ${policy.perDay}`);
  }
  const dayStart = startOfUtcDay(now).getTime();
  const today = previous.filter((t) => t.getTime() >= dayStart && t.getTime() <= now.getTime()).sort((a, b) => a.getTime() - b.getTime());
  if (today.length >= policy.perDay) {
    return { kind: 'exhausted', used: today.length, budget: policy.perDay, resetsAt: new Date(dayStart + 86_400_000) };
  }
  const last = today.at(-1);
  if (last) {
    const wait = Math.min(policy.maxBackoffMs, policy.backoffBaseMs * 2 ** (today.length - 1));
    const until = new Date(last.getTime() + wait);
    if (until.getTime() > now.getTime()) return { kind: 'backoff', until, attempt: today.length + 1 };
  }
  return { kind: 'allowed', attempt: today.length + 1 };
}
