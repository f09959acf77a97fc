// When the fleet's fast data (Resource Graph: newest completed backup job per instance) is enough for a verdict, and
// when the instance's recovery points must be read to confirm it.
//
// The fast data gives the start of the newest Completed backup job, which is the time Azure stamps on the recovery
// point it made. As long as that point exists, the true newest point is at least that new, so the fast age is an
// upper bound: an `ok` from it is safe. What can go wrong is the other way: a point newer than Resource Graph shows
// (its job not listed yet, or its outcome not final there) would turn an at-risk or breached verdict into a false
// alarm. So an instance near or over its target is confirmed only when Resource Graph might be missing a newer job:
//
//   slot ─────► job starts ─────► job ends = recovery point appears
//   │ last scheduled slot ≤ now, but RG's newest job started before it → RG may be behind: confirm
//   │ RG shows a newer job whose outcome is not final (InProgress, CompletedWithWarnings…) → confirm
//   │ RG's newest job started after the last slot and its outcome is final → nothing newer can exist: trust RG
//
// plus every instance with no usable fast data at all, and those whose schedule is unknown.
// Confirming every instance near or over target instead would cost one ARM read each; on a fleet where most
// instances miss a strict tier target that is thousands of reads for verdicts the reads cannot change.
import type { NoTarget, RecoveryPointFact, RpoTarget } from './rpo.js';
import type { ScheduleFact } from './rpoTarget.js';
import { parseRepeatingInterval } from './schedule.js';

/** What Resource Graph's job history says about one instance. */
export interface FastFacts {
  /** Start of the newest Completed backup job (the time on the recovery point it made). */
  readonly lastSuccess: Date | undefined;
  /** Start of the newest backup job of any outcome. */
  readonly lastJob: Date | undefined;
  /** Start of the newest backup job whose outcome is not final or not clear (InProgress, CompletedWithWarnings…). */
  readonly lastUnsettled: Date | undefined;
}

export interface ConfirmInput {
  readonly now: Date;
  readonly target: RpoTarget | NoTarget;
  readonly protectionActive: boolean;
  readonly fast: FastFacts;
  readonly schedule: ScheduleFact | undefined;
  readonly atRiskShare: number;
  /** Instances this close below the at-risk line count as near it. */
  readonly marginMs: number;
}

/** The recovery point the fast data vouches for; none when it has none, or only one in the future (clock skew). */
export function fastPoint(fast: FastFacts, now: Date): RecoveryPointFact | undefined {
  return fast.lastSuccess && fast.lastSuccess.getTime() <= now.getTime() ? { time: fast.lastSuccess, state: 'Completed' } : undefined;
}

/** Why this instance's recovery points must be read, or undefined when the fast data decides its verdict. */
export function confirmationNeeded(input: ConfirmInput): string | undefined {
  const { now, target, fast, schedule } = input;
  if (target.ms === null) return undefined; // not judged: the points change nothing
  const point = fastPoint(fast, now);
  if (!point) {
    return fast.lastSuccess
      ? 'the newest completed backup job in Resource Graph starts in the future (clock skew)'
      : 'Resource Graph lists no completed backup job for it (it keeps 30 days)';
  }
  if (!input.protectionActive) return undefined; // unknown whatever the points say
  const ageMs = now.getTime() - point.time.getTime();
  if (ageMs < input.atRiskShare * target.ms - input.marginMs) return undefined;
  if (fast.lastUnsettled && fast.lastUnsettled.getTime() > point.time.getTime()) {
    return 'a newer backup job has no final outcome in Resource Graph yet';
  }
  if (!schedule) return 'the policy schedule is unknown, so Resource Graph cannot be checked for a missing job';
  const slot = lastScheduledSlot(schedule, now);
  if (slot === undefined) return 'the policy schedule could not be read, so Resource Graph cannot be checked for a missing job';
  if (!fast.lastJob || fast.lastJob.getTime() < slot.getTime()) {
    return `Resource Graph shows no job for the backup scheduled at ${slot.toISOString()}`;
  }
  return undefined;
}

/** The newest scheduled backup time at or before `now` across the policy's repeating intervals. */
export function lastScheduledSlot(schedule: ScheduleFact, now: Date): Date | undefined {
  let latest: number | undefined;
  for (const text of schedule.repeatingTimeIntervals) {
    const interval = parseRepeatingInterval(text);
    if (!interval) continue;
    const anchor = interval.anchor.getTime();
    if (anchor > now.getTime()) continue;
    const slot = anchor + Math.floor((now.getTime() - anchor) / interval.periodMs) * interval.periodMs;
    latest = Math.max(latest ?? slot, slot);
  }
  return latest === undefined ? undefined : new Date(latest);
}
