// The remediation rules as tables: which Azure Backup error codes a re-run can fix (first matching row wins, then the
// service's own flags), the day's re-run budget at its edges, the claim's expiry, and the documents kept in state.
import { describe, expect, it } from 'vitest';
import { decideRerun, type BudgetPolicy } from '../../shared/domain/remediation/budget.js';
import { decideClaim, markFinished, newClaim } from '../../shared/domain/remediation/claim.js';
import { classifyFailure } from '../../shared/domain/remediation/failureClass.js';
import {
  jobKey,
  parseLedger,
  parseRecord,
  pruneLedger,
  RECORD_PREFIX,
  recordKey,
  updateEntry,
  type Ledger,
} from '../../shared/domain/remediation/record.js';

describe('failure classes, one row per pattern', () => {
  it.each([
    ['UserErrorBackupOperationInProgress', 'in-flight'],
    ['UserErrorMaxAdhocBackupsPerDayExceeded', 'daily-cap'],
    // Matches the quota row too (LimitExceeded): the first row wins.
    ['UserErrorAdhocBackupLimitExceeded', 'daily-cap'],
    ['UserErrorMissingPermissionOnSnapshotResourceGroup', 'permissions'],
    ['AuthorizationFailed', 'permissions'],
    ['AuthorisationFailed', 'permissions'],
    ['Forbidden', 'permissions'],
    ['UserErrorExtensionMSIMissingPermissions', 'permissions'],
    ['UserErrorRoleAssignmentMissing', 'permissions'],
    ['AccessDenied', 'permissions'],
    ['UserErrorBackupExtensionNotInstalled', 'extension'],
    ['UserErrorExtensionMissing', 'extension'],
    ['UserErrorExtensionNotFound', 'extension'],
    ['UserErrorExtensionInstallationFailed', 'extension'],
    ['UserErrorExtensionUnhealthy', 'extension'],
    ['UserErrorTrustedAccessNotConfigured', 'extension'],
    ['UserErrorSnapshotQuotaExceeded', 'quota'],
    ['UserErrorDiskLimitExceeded', 'quota'],
    ['RequestThrottled', 'quota'],
    ['UserErrorInvalidProtectionState', 'not-protected'],
    ['UserErrorProtectionStopped', 'not-protected'],
    ['UserErrorBackupSchedulesSuspended', 'not-protected'],
    ['UserErrorDatasourceNotProtected', 'not-protected'],
    ['UserErrorInvalidRequestParameter', 'bad-config'],
    ['UserErrorInvalidPolicy', 'bad-config'],
    ['UserErrorPolicyNotFound', 'bad-config'],
    ['UserErrorDatasourceNotFound', 'bad-config'],
    ['UserErrorClusterNotFound', 'bad-config'],
    ['UserErrorKubernetesApiServerUnreachable', 'transient'],
    ['UserErrorExtensionPodNotRunning', 'transient'],
    ['OperationTimeout', 'transient'],
    ['UserErrorSnapshotTimedOut', 'transient'],
    ['TransientError', 'transient'],
    ['InternalError', 'transient'],
    ['ServiceUnavailable', 'transient'],
    ['UserErrorNetworkFailure', 'transient'],
    ['usererrorbackupoperationinprogress', 'in-flight'],
  ])('%s → %s', (code, rule) => expect(classifyFailure({ code }).rule).toBe(rule));

  it.each([
    [false, true, 'escalate', 'flags'],
    [true, true, 'rerun', 'default'],
    [false, false, 'rerun', 'default'],
    [undefined, true, 'rerun', 'default'],
    [false, undefined, 'rerun', 'default'],
  ] as const)('an unknown code with isRetryable %s, isUserError %s → %s (%s)', (isRetryable, isUserError, action, rule) =>
    expect(classifyFailure({ code: 'UserErrorSomethingNew', isRetryable, isUserError })).toMatchObject({ action, rule }),
  );

  it('names the code in its reason, or says it had none', () => {
    expect(classifyFailure({ code: 'UserErrorSomethingNew', isRetryable: false, isUserError: true }).why).toContain(
      'UserErrorSomethingNew',
    );
    expect(classifyFailure({ code: '', isRetryable: false, isUserError: true }).why).toContain('this error');
    expect(classifyFailure({ code: 'BrandNewCode' }).why).toContain('BrandNewCode');
    expect(classifyFailure({ code: undefined }).why).toContain('unknown error');
    expect(classifyFailure({ code: undefined }).rule).toBe('default');
  });
});

describe('the day’s re-run budget at its edges', () => {
  const policy: BudgetPolicy = { perDay: 3, backoffBaseMs: 15 * 60_000, maxBackoffMs: 2 * 3_600_000 };
  const now = new Date('2026-11-21T12:00:00Z');
  const min = (m: number) => new Date(now.getTime() + m * 60_000);

  it.each([1, 8])('takes a budget of %i', (perDay) =>
    expect(decideRerun([], now, { ...policy, perDay })).toEqual({ kind: 'allowed', attempt: 1 }),
  );

  it('names the allowed range and the value it refuses', () =>
    expect(() => decideRerun([], now, { ...policy, perDay: 9 })).toThrow('re-run budget must be 1..8 per day, got 9'));

  it('counts an attempt at midnight UTC as today’s, and one at this very instant', () => {
    expect(decideRerun([new Date('2026-11-21T00:00:00Z')], now, policy)).toEqual({ kind: 'allowed', attempt: 2 });
    expect(decideRerun([now], now, policy)).toMatchObject({ kind: 'backoff', attempt: 2 });
  });

  it('does not count an attempt stamped in the future (another clock)', () =>
    expect(decideRerun([min(1)], now, policy)).toEqual({ kind: 'allowed', attempt: 1 }));

  it('waits from the newest attempt, in whatever order they are given', () => {
    const expected = { kind: 'backoff', until: min(20), attempt: 3 };
    expect(decideRerun([min(-10), min(-100)], now, policy)).toEqual(expected);
    expect(decideRerun([min(-100), min(-10)], now, policy)).toEqual(expected);
    expect(decideRerun([min(-10), min(-300), min(-100)], now, { ...policy, perDay: 4 })).toEqual({
      kind: 'backoff',
      until: min(50),
      attempt: 4,
    });
  });
});

describe('claims and records', () => {
  const now = new Date('2026-11-21T12:00:00Z');

  it('a claim that expires right now is expired', () => {
    const claim = newClaim('handler-a', new Date(now.getTime() - 60_000), 60_000);
    expect(decideClaim(claim, now)).toEqual({ kind: 'reclaim', since: new Date(now.getTime() - 60_000) });
    expect(decideClaim(claim, new Date(now.getTime() - 1))).toEqual({ kind: 'busy', until: now });
  });

  it('a finished record keeps the job it followed, when there was one', () => {
    expect(markFinished('rerun-succeeded', 'the re-run completed', now, 'job-9')).toEqual({
      status: 'finished',
      outcome: 'rerun-succeeded',
      reason: 'the re-run completed',
      at: now.toISOString(),
      jobId: 'job-9',
    });
    expect(markFinished('escalated', 'permissions', now)).not.toHaveProperty('jobId');
  });

  it('keys a job by its name, whatever the id looks like, under the records prefix', () => {
    const job = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupJobs/ABC-123/';
    expect(jobKey(job)).toBe('abc-123');
    expect(recordKey(job)).toBe('remediation/jobs/abc-123');
    // Listing by the prefix finds every record, and what follows it is the job's key.
    expect(recordKey(job).startsWith(RECORD_PREFIX)).toBe(true);
    expect(recordKey(job).slice(RECORD_PREFIX.length)).toBe(jobKey(job));
  });

  const failure = { instanceId: '/subscriptions/s/x', jobId: 'job-1' };
  // Documents as the current code stores them (literal, so the rows are fixed before any test runs).
  const claim = { status: 'claimed', owner: 'me', claimedAt: '2026-11-21T12:00:00.000Z', expiresAt: '2026-11-21T12:01:00.000Z' };
  it.each<[string, unknown, boolean]>([
    ['a claimed record', { failure, claim }, true],
    [
      'a triggered record',
      { failure, claim: { ...claim, status: 'triggered', jobId: 'j', triggeredAt: '2026-11-21T12:00:05.000Z' } },
      true,
    ],
    [
      'a finished record',
      { failure, claim: { status: 'finished', outcome: 'skipped', reason: 'x', at: '2026-11-21T12:00:09.000Z' } },
      true,
    ],
    ['an unknown claim status', { failure, claim: { status: 'odd' } }, false],
    ['no claim', { failure }, false],
    ['a claim that is a list', { failure, claim: [claim] }, false],
    ['no failure', { claim }, false],
    ['a failure without an instance id', { failure: { jobId: 'job-1' }, claim }, false],
    ['a failure without a job id', { failure: { instanceId: 'i', jobId: 7 }, claim }, false],
    ['a list', [{ failure, claim }], false],
  ])('reads %s: %s', (_what, value, readable) => expect(parseRecord(value) !== undefined).toBe(readable));

  it('reads the ledger’s well-formed entries and drops the rest', () => {
    const good = { failedJob: 'a', at: '2026-11-21T01:00:00Z', state: 'started' };
    expect(
      parseLedger({
        entries: [good, { ...good, failedJob: 1 }, { ...good, at: null }, { failedJob: 'b', at: '2026-11-21T01:00:00Z' }, 'entry', null],
      }),
    ).toEqual({ entries: [good] });
    expect(parseLedger({ entries: 'none' })).toEqual({ entries: [] });
    expect(parseLedger([good])).toEqual({ entries: [] });
  });

  it('keeps ledger entries from yesterday 00:00 UTC on', () => {
    const ledger: Ledger = {
      entries: [
        { failedJob: 'edge', at: '2026-11-20T00:00:00.000Z', state: 'started' },
        { failedJob: 'before', at: '2026-11-19T23:59:59.999Z', state: 'started' },
      ],
    };
    expect(pruneLedger(ledger, now).entries.map((e) => e.failedJob)).toEqual(['edge']);
  });

  it('settles the newest unstarted entry of a job, even the first of the ledger', () => {
    const ledger: Ledger = {
      entries: [
        { failedJob: 'a', at: '2026-11-21T01:00:00Z', state: 'reserved' },
        { failedJob: 'b', at: '2026-11-21T02:00:00Z', state: 'started' },
      ],
    };
    expect(updateEntry(ledger, 'a', { state: 'unknown' }).entries.map((e) => e.state)).toEqual(['unknown', 'started']);
    expect(updateEntry(ledger, 'a', null).entries.map((e) => e.failedJob)).toEqual(['b']);
    expect(updateEntry(ledger, 'missing', null)).toBe(ledger);
  });
});
