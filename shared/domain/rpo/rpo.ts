// The RPO verdict: could this backup instance be restored to within its target right now?
// Pure: every input is a plain value, so the rules can be tested as a table.
import { formatDuration } from '../duration.js';

export type Verdict = 'ok' | 'at-risk' | 'breached' | 'unknown';

/** Where an instance's target came from, most specific first. */
export type TargetSource = 'instance-tag' | 'cluster-tag' | 'policy-schedule' | 'default';

export interface RpoTarget {
  readonly ms: number;
  readonly source: TargetSource;
  /** Human detail, e.g. "BackupHourly every PT4H + PT1H grace". */
  readonly detail: string;
}

/** A tag that says "no RPO target" (e.g. `backup-tier: Development`): the instance is listed but never judged. */
export interface NoTarget {
  readonly ms: null;
  readonly source: TargetSource;
  /** e.g. "instance tag backup-tier=Development". */
  readonly detail: string;
}

export interface RecoveryPointFact {
  readonly time: Date;
  /** 'Completed' counts; anything else (e.g. 'Partial', in progress) is not a restorable point. */
  readonly state: string | undefined;
}

export interface ProtectionFact {
  /** currentProtectionState, else protectionStatus.status (shared/domain/azureWords.ts); unknown values tolerated. */
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

/** Why each inactive state cannot keep an RPO, in words an on-call engineer can act on. */
const INACTIVE_REASONS: Readonly<Record<string, string>> = {
  backupschedulessuspended: 'backups are suspended (BackupSchedulesSuspended): existing points are kept, no new ones are taken',
  protectionstopped: 'protection is stopped (ProtectionStopped): existing points are kept, no new ones are taken',
  protectionerror: 'protection is in error (ProtectionError): backups fail until it is fixed',
  notprotected:
    'the instance is not protected (NotProtected): protection was never configured or did not finish, so no backups are taken; configure backup for it again',
  configuringprotectionfailed: 'configuring protection failed (ConfiguringProtectionFailed): no backup has been taken',
  softdeleting: 'the instance is being deleted (SoftDeleting)',
  softdeleted: 'the instance is deleted (SoftDeleted); its points are kept until the soft-delete period ends',
};

/** Whether backups are being taken in this protection state, i.e. whether an RPO verdict means anything. */
export function isProtectionActive(state: string | undefined): boolean {
  return ACTIVE_STATES.has((state ?? '').toLowerCase());
}

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

/**
 * The verdict for one instance. Order matters: no target (not judged) → protection not active (unknown, whatever the
 * points say) → nothing restorable (unknown) → breached → at-risk → ok. Boundaries belong to the worse verdict.
 */
export function judgeRpo(input: {
  now: Date;
  target: RpoTarget | NoTarget;
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

  // "No target" is a decision someone made with a tag; reporting it as a problem would train people to ignore alerts.
  if (target.ms === null)
    return { verdict: 'ok', reason: `no RPO target: ${target.detail} (not judged)`, latestRecoveryPoint: latest, ageSeconds };
  if (!ACTIVE_STATES.has(stateKey)) {
    if (CONFIGURING_STATES.has(stateKey)) return tail('protection is still being configured; no verdict until the first backup');
    const why = INACTIVE_REASONS[stateKey] ?? `protection state is ${state}; backups are not being taken`;
    return tail(protection.errorMessage ? `${why}; error: ${protection.errorMessage}` : why);
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
