// The RPO verdict: could this backup instance be restored to within its target right now?
// Pure: every input is a plain value, so the rules can be tested as a table.
import { formatDuration } from './duration.js';

export type Verdict = 'ok' | 'at-risk' | 'breached' | 'unknown';

/** Where an instance's target came from, most specific first (tags and defaults arrive with the RPO issue). */
export type TargetSource = 'instance-tag' | 'cluster-tag' | 'policy-schedule' | 'default';

export interface RpoTarget {
  readonly ms: number;
  readonly source: TargetSource;
  /** Human detail, e.g. "BackupHourly every PT4H + PT1H grace". */
  readonly detail: string;
}

export interface RecoveryPointFact {
  readonly time: Date;
  /** 'Completed' counts; anything else (e.g. 'Partial', in progress) is not a restorable point. */
  readonly state: string | undefined;
}

export interface ProtectionFact {
  /** currentProtectionState of the backup instance, as Azure reports it (unknown values tolerated). */
  readonly state: string | undefined;
  readonly errorMessage?: string | undefined;
}

export interface RpoJudgement {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly latestRecoveryPoint: Date | null;
  readonly ageSeconds: number | null;
}

export interface RpoRules {
  /** Share of the target at which an instance is at risk (default 0.8). */
  readonly atRiskShare: number;
}

/** Protection states in which backups are being taken; any other state cannot keep an RPO. */
const ACTIVE_STATES = new Set(['protectionconfigured', 'updatingprotection', 'retentionschedulessuspended']);

/** States reported while a new instance is still being set up: no verdict until its first backup. */
const CONFIGURING_STATES = new Set(['configuringprotection']);

/** Newest recovery point that is complete and not in the future (a future time means clock skew: not trusted). */
export function newestRestorablePoint(points: readonly RecoveryPointFact[], now: Date): RecoveryPointFact | undefined {
  let best: RecoveryPointFact | undefined;
  for (const p of points) {
    if (p.state?.toLowerCase() !== 'completed') continue;
    if (p.time.getTime() > now.getTime()) continue;
    if (!best || p.time.getTime() > best.time.getTime()) best = p;
  }
  return best;
}

export function judgeRpo(input: {
  now: Date;
  target: RpoTarget;
  protection: ProtectionFact;
  newest: RecoveryPointFact | undefined;
  rules: RpoRules;
}): RpoJudgement {
  const { now, target, protection, newest, rules } = input;
  const latest = newest ? newest.time : null;
  const ageMs = latest ? now.getTime() - latest.getTime() : null;
  const ageSeconds = ageMs === null ? null : Math.floor(ageMs / 1000);
  const state = protection.state ?? 'Unknown';
  const stateKey = state.toLowerCase();
  const tail = (reason: string): RpoJudgement => ({ verdict: 'unknown', reason, latestRecoveryPoint: latest, ageSeconds });

  if (!ACTIVE_STATES.has(stateKey)) {
    if (CONFIGURING_STATES.has(stateKey)) return tail('protection is still being configured; no verdict until the first backup');
    const detail = protection.errorMessage ? `: ${protection.errorMessage}` : '';
    return tail(`protection state is ${state}${detail}; backups are not being taken`);
  }
  if (ageMs === null) return tail('no completed recovery point exists yet');

  const age = formatDuration(ageMs);
  const goal = formatDuration(target.ms);
  if (ageMs >= target.ms) {
    return {
      verdict: 'breached',
      reason: `newest recovery point is ${age} old, over the ${goal} target`,
      latestRecoveryPoint: latest,
      ageSeconds,
    };
  }
  if (ageMs >= rules.atRiskShare * target.ms) {
    const share = Math.round(rules.atRiskShare * 100);
    return {
      verdict: 'at-risk',
      reason: `newest recovery point is ${age} old, past ${share}% of the ${goal} target`,
      latestRecoveryPoint: latest,
      ageSeconds,
    };
  }
  return {
    verdict: 'ok',
    reason: `newest recovery point is ${age} old, within the ${goal} target`,
    latestRecoveryPoint: latest,
    ageSeconds,
  };
}
