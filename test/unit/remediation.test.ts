import { describe, expect, it } from 'vitest';
import { decideRerun, MAX_RERUNS_PER_DAY, startOfUtcDay, type BudgetPolicy } from '../../shared/domain/remediation/budget.js';
import { decideClaim, markFinished, markTriggered, newClaim, type ClaimRecord } from '../../shared/domain/remediation/claim.js';
import { classifyFailure } from '../../shared/domain/remediation/failureClass.js';

describe('classifyFailure', () => {
  it.each([
    ['UserErrorBackupOperationInProgress', 'wait', 'in-flight'],
    ['UserErrorMaxAdhocBackupsPerDayExceeded', 'escalate', 'daily-cap'],
    ['UserErrorExtensionMSIMissingPermissionsOnStorageAccount', 'escalate', 'permissions'],
    ['UserErrorBackupExtensionNotInstalled', 'escalate', 'extension'],
    ['UserErrorTrustedAccessNotConfigured', 'escalate', 'extension'],
    ['UserErrorSnapshotQuotaExceeded', 'escalate', 'quota'],
    ['UserErrorInvalidProtectionState', 'escalate', 'not-protected'],
    ['UserErrorInvalidRequestParameter', 'escalate', 'bad-config'],
    ['UserErrorKubernetesApiServerUnreachable', 'rerun', 'transient'],
    ['UserErrorExtensionPodNotRunning', 'rerun', 'transient'],
    ['InternalError', 'rerun', 'transient'],
  ] as const)('%s → %s (%s)', (code, action, rule) => {
    const c = classifyFailure({ code });
    expect(c).toMatchObject({ action, rule });
    expect(c.why.length).toBeGreaterThan(10);
  });
  it('escalates an unknown code the service flags as a non-retryable user error', () =>
    expect(classifyFailure({ code: 'UserErrorSomethingNew', isRetryable: false, isUserError: true })).toMatchObject({
      action: 'escalate',
      rule: 'flags',
    }));
  it('re-runs an unknown code otherwise (the budget bounds it)', () =>
    expect(classifyFailure({ code: 'BrandNewCode' })).toMatchObject({ action: 'rerun', rule: 'default' }));
  it('re-runs when there is no code at all', () => expect(classifyFailure({ code: undefined }).action).toBe('rerun'));
});

describe('decideRerun', () => {
  const policy: BudgetPolicy = { perDay: 3, backoffBaseMs: 15 * 60_000, maxBackoffMs: 2 * 3_600_000 };
  const now = new Date('2026-11-21T12:00:00Z');
  const ago = (min: number) => new Date(now.getTime() - min * 60_000);

  it('allows the first re-run of the day', () => expect(decideRerun([], now, policy)).toEqual({ kind: 'allowed', attempt: 1 }));
  it('ignores yesterday’s attempts', () =>
    expect(decideRerun([new Date('2026-11-20T23:59:00Z')], now, policy)).toEqual({ kind: 'allowed', attempt: 1 }));
  it('waits the base backoff after the first attempt', () => {
    expect(decideRerun([ago(10)], now, policy)).toEqual({ kind: 'backoff', until: new Date(ago(10).getTime() + 15 * 60_000), attempt: 2 });
    expect(decideRerun([ago(15)], now, policy)).toEqual({ kind: 'allowed', attempt: 2 });
  });
  it('doubles the wait with each attempt, up to the cap', () => {
    expect(decideRerun([ago(100), ago(29)], now, policy)).toMatchObject({ kind: 'backoff', attempt: 3 });
    expect(decideRerun([ago(100), ago(30)], now, policy)).toEqual({ kind: 'allowed', attempt: 3 });
    const long = { ...policy, perDay: 8, backoffBaseMs: 3_600_000 };
    const times = [ago(700), ago(600), ago(500), ago(100)];
    expect(decideRerun(times, now, long)).toMatchObject({ kind: 'backoff', until: new Date(ago(100).getTime() + 2 * 3_600_000) });
  });
  it('is exhausted at the budget and says when it resets', () =>
    expect(decideRerun([ago(300), ago(200), ago(100)], now, policy)).toEqual({
      kind: 'exhausted',
      used: 3,
      budget: 3,
      resetsAt: new Date('2026-11-22T00:00:00Z'),
    }));
  it.each([0, MAX_RERUNS_PER_DAY + 1, 2.5])('refuses a budget of %d', (perDay) =>
    expect(() => decideRerun([], now, { ...policy, perDay })).toThrow(RangeError),
  );
  it('keeps room under Azure’s cap of 10', () => expect(MAX_RERUNS_PER_DAY).toBeLessThan(10));
  it('finds the UTC day start', () =>
    expect(startOfUtcDay(new Date('2026-11-21T23:59:59.999Z')).toISOString()).toBe('2026-11-21T00:00:00.000Z'));
});

describe('decideClaim', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const claim = newClaim('handler-a', new Date(now.getTime() - 60_000), 5 * 60_000);

  it('claims when there is no record', () => expect(decideClaim(undefined, now)).toEqual({ kind: 'claim' }));
  it('is busy while another handler holds a live claim', () =>
    expect(decideClaim(claim, now)).toEqual({ kind: 'busy', until: new Date(claim.status === 'claimed' ? claim.expiresAt : '') }));
  it('re-claims an expired claim, remembering since when to look for a job', () =>
    expect(decideClaim(claim, new Date(now.getTime() + 10 * 60_000))).toEqual({
      kind: 'reclaim',
      since: new Date(now.getTime() - 60_000),
    }));
  it('treats an unreadable expiry as expired', () =>
    expect(decideClaim({ ...claim, expiresAt: 'garbage' } as ClaimRecord, now)).toMatchObject({ kind: 'reclaim' }));
  it('follows a triggered job instead of triggering another', () =>
    expect(decideClaim(markTriggered(claim, 'job-1', now), now)).toEqual({ kind: 'follow', jobId: 'job-1' }));
  it('does nothing for a finished record (duplicate delivery)', () =>
    expect(decideClaim(markFinished('rerun-succeeded', 'ok', now, 'job-1'), now)).toEqual({ kind: 'done', outcome: 'rerun-succeeded' }));
  it('only marks a claimed record as triggered', () =>
    expect(() => markTriggered(markFinished('skipped', 'x', now), 'j', now)).toThrow(/finished/));
});
