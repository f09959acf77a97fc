// The incident model: one incident per (subject, problem kind) at a time, opened, updated and resolved by events,
// with the facts a person needs to act. Severity comes from the problem and the subject's tier (its RPO target).
import { parseDuration } from '../duration.js';

/**
 * The problems an incident can be about. `restore-validation-failed` is modelled (cards, severity) but no event maps
 * to it yet: the restore drill that would publish one does not exist.
 */
export const PROBLEM_KINDS = ['rpo', 'job-failing', 'remediation-exhausted', 'threshold-breached', 'restore-validation-failed'] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

export const PROBLEM_TITLES: Readonly<Record<ProblemKind, string>> = {
  rpo: 'RPO',
  'job-failing': 'Backup job failing',
  'remediation-exhausted': 'Automatic remediation stopped',
  'threshold-breached': 'Backup threshold breached',
  'restore-validation-failed': 'Restore validation failed',
};

export type Severity = 'critical' | 'error' | 'warning';

/** Everything an incident may know; each event fills what it carries and leaves the rest as it was. */
export interface IncidentFacts {
  readonly name: string;
  readonly vault: string | null;
  readonly cluster: string | null;
  /** What the problem looks like now, in a few words: `breached`, `at-risk`, `failing`, `rerun failed`, … */
  readonly status: string;
  readonly summary: string;
  readonly targetRpo?: string | null;
  readonly latestRecoveryPoint?: string | null;
  readonly ageSeconds?: number | null;
  readonly jobId?: string | null;
  readonly errorCode?: string | null;
  readonly errorMessage?: string | null;
  readonly rerunsUsed?: number | null;
  readonly rerunBudget?: number | null;
  readonly metric?: string | null;
  /** Recent failed job ids, newest first (a card lists them, truncated with "and N more"). */
  readonly failedJobs?: readonly string[];
}

export interface Incident {
  /** Stable for this opening: a new incident after a resolution gets a new id. */
  readonly id: string;
  readonly subject: string;
  readonly kind: ProblemKind;
  readonly state: 'open' | 'resolved';
  readonly severity: Severity;
  readonly facts: IncidentFacts;
  readonly openedAt: string;
  readonly updatedAt: string;
  readonly resolvedAt: string | null;
  /** Last time a message about it was queued (open, update, reminder): reminders count from here. */
  readonly notifiedAt: string;
  readonly reminders: number;
  /** Messages queued about this incident so far; numbers each outbox entry. */
  readonly sequence: number;
  /** Why it cleared, once resolved. */
  readonly resolution: string | null;
  /** Time of the newest event applied: an older one arriving late is stale and changes nothing. */
  readonly lastEventAt: string;
  /** Ids of the latest events applied, newest last (bounded): a redelivered event is dropped. */
  readonly eventIds: readonly string[];
}

/** The base severity of a problem, raised one step for a tier whose target is an hour or less. */
export function severityOf(kind: ProblemKind, status: string, targetRpo: string | null | undefined): Severity {
  const base: Severity =
    kind === 'rpo'
      ? status === 'breached'
        ? 'error'
        : 'warning'
      : kind === 'job-failing'
        ? status === 'rerun failed'
          ? 'error'
          : 'warning'
        : kind === 'threshold-breached'
          ? 'warning'
          : 'error';
  const target = targetRpo ? parseDuration(targetRpo) : undefined;
  const critical = target !== undefined && target <= 60 * 60_000;
  if (!critical) return base;
  return base === 'warning' ? 'error' : 'critical';
}
