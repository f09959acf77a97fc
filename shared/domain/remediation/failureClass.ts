// Which failed backups a re-run can fix. Azure Backup for AKS reports a job error code (and sometimes isRetryable /
// isUserError flags); the codes a re-run cannot fix — missing permissions, a missing or broken extension, exhausted
// quota, an instance that is not protected — must reach a person instead of burning the day's on-demand budget.
// One table, first match wins, so the policy can be read and reviewed in one place.

export type FailureAction = 'rerun' | 'escalate' | 'wait';

export interface FailureFact {
  readonly code: string | undefined;
  readonly isRetryable?: boolean | undefined;
  readonly isUserError?: boolean | undefined;
}

export interface FailureClass {
  readonly action: FailureAction;
  /** Why, in words an on-call engineer understands. */
  readonly why: string;
  /** The table row that decided, or 'flags'/'default'. */
  readonly rule: string;
}

interface Row {
  readonly rule: string;
  readonly match: RegExp;
  readonly action: FailureAction;
  readonly why: string;
}

export const FAILURE_TABLE: readonly Row[] = [
  {
    rule: 'in-flight',
    match: /OperationInProgress/i,
    action: 'wait',
    why: 'another backup of this instance is running; its outcome decides',
  },
  {
    rule: 'daily-cap',
    match: /MaxAdhocBackupsPerDay|AdhocBackupLimit/i,
    action: 'escalate',
    why: "Azure's 10-per-day on-demand backup cap is spent for this instance",
  },
  {
    rule: 'permissions',
    match: /Permission|Authori[sz]ation|Forbidden|MSIMissing|RoleAssignment|AccessDenied/i,
    action: 'escalate',
    why: 'an identity lacks a role: a re-run fails the same way until someone grants it',
  },
  {
    rule: 'extension',
    match: /Extension(NotInstalled|Missing|NotFound|InstallationFailed|Unhealthy)|TrustedAccess/i,
    action: 'escalate',
    why: 'the backup extension or trusted access is missing or broken on the cluster',
  },
  {
    rule: 'quota',
    match: /Quota|LimitExceeded|Throttl/i,
    action: 'escalate',
    why: 'a quota or limit is exhausted: a re-run would hit it again',
  },
  {
    rule: 'not-protected',
    match: /InvalidProtectionState|ProtectionStopped|SchedulesSuspended|NotProtected/i,
    action: 'escalate',
    why: 'the instance is not in a state that takes backups',
  },
  {
    rule: 'bad-config',
    match: /InvalidRequestParameter|InvalidPolicy|PolicyNotFound|DatasourceNotFound|ClusterNotFound/i,
    action: 'escalate',
    why: 'the backup configuration is invalid',
  },
  {
    rule: 'transient',
    match: /Unreachable|PodNotRunning|Timeout|TimedOut|Transient|InternalError|ServiceUnavailable|Network/i,
    action: 'rerun',
    why: 'a transient cluster or service condition: a re-run usually succeeds',
  },
];

export function classifyFailure(fact: FailureFact): FailureClass {
  const code = fact.code ?? '';
  for (const row of FAILURE_TABLE) {
    if (row.match.test(code)) return { action: row.action, why: row.why, rule: row.rule };
  }
  // Unknown codes: trust the service's own flags when it says a retry cannot help, else try (the budget bounds it).
  if (fact.isRetryable === false && fact.isUserError === true) {
    return { action: 'escalate', why: `the service marks ${code || 'this error'} as a user error that a retry cannot fix`, rule: 'flags' };
  }
  return {
    action: 'rerun',
    why: `${code || 'unknown error'} is not known to need a person; re-running within the budget`,
    rule: 'default',
  };
}
