// Azure's words as Azure writes them: every spelling of a job status the spec's enum, its examples and the generated
// docs use, and protection read from currentProtectionState or, when absent, protectionStatus.status.
import { describe, expect, it } from 'vitest';
import { endedBadly, endedWell, hasEnded, isRunning, jobPhase, readProtection } from '../../shared/domain/azureWords.js';
import { judgeRpo } from '../../shared/domain/rpo/rpo.js';
import { statusWords } from '../../shared/adapters/arm/kql.js';

describe('jobPhase', () => {
  it.each([
    ['Completed', 'succeeded'],
    ['Succeeded', 'succeeded'],
    ['Success', 'succeeded'],
    ['succeeded', 'succeeded'],
    [' SUCCESS ', 'succeeded'],
    ['CompletedWithWarnings', 'succeeded-with-warnings'],
    ['Failed', 'failed'],
    ['Cancelled', 'cancelled'],
    ['Canceled', 'cancelled'],
    ['InProgress', 'running'],
    ['Started', 'running'],
    ['Cancelling', 'unsettled'],
    ['Paused', 'unsettled'],
    ['SomethingNew', 'unsettled'],
    ['', 'unsettled'],
    [undefined, 'unsettled'],
  ] as const)('%j is %s', (status, phase) => expect(jobPhase(status)).toBe(phase));

  it('counts a success in any spelling, with or without warnings, and a failure or cancellation as bad', () => {
    expect(['Completed', 'Succeeded', 'Success', 'CompletedWithWarnings'].every(endedWell)).toBe(true);
    expect(['Failed', 'Cancelled', 'Canceled'].every(endedBadly)).toBe(true);
    for (const unsettled of ['Started', 'InProgress', 'SomethingNew']) {
      expect(endedWell(unsettled) || endedBadly(unsettled), unsettled).toBe(false);
    }
  });

  it('knows which jobs have not ended, whatever the word', () => {
    expect(['InProgress', 'Started', 'Cancelling', 'Paused', 'NotStarted'].some(hasEnded)).toBe(false);
    expect(['Succeeded', 'Failed', 'SomethingNew'].every(hasEnded)).toBe(true);
    expect(isRunning('started')).toBe(true);
  });

  it('puts every spelling into the queries’ status filters', () => {
    expect(statusWords('succeeded')).toBe("'Completed', 'Succeeded', 'Success'");
    expect(statusWords('running')).toBe("'InProgress', 'Started'");
  });
});

describe('readProtection', () => {
  it('reads currentProtectionState first, with its own error', () =>
    expect(
      readProtection({
        currentProtectionState: 'ProtectionError',
        protectionStatus: { status: 'ConfiguringProtectionFailed', errorDetails: { code: 'B', message: 'status error' } },
        protectionErrorDetails: { code: 'A', message: 'state error' },
      }),
    ).toEqual({ state: 'ProtectionError', error: 'A: state error' }));

  it('falls back to protectionStatus.status when currentProtectionState is absent, with the status’s error', () =>
    expect(
      readProtection({
        protectionStatus: { status: 'ConfiguringProtectionFailed', errorDetails: { code: 'UserErrorMissingRole', message: 'no role' } },
      }),
    ).toEqual({ state: 'ConfiguringProtectionFailed', error: 'UserErrorMissingRole: no role' }));

  it('treats an empty currentProtectionState as absent', () =>
    expect(readProtection({ currentProtectionState: '', protectionStatus: { status: 'ProtectionConfigured' } }).state).toBe(
      'ProtectionConfigured',
    ));

  it('says nothing when neither field does', () => expect(readProtection({})).toEqual({ state: undefined, error: undefined }));
});

describe('judgeRpo with protection read from protectionStatus.status', () => {
  const now = new Date('2026-11-21T12:00:00Z');
  const target = { ms: 4 * 3_600_000, source: 'policy-schedule' as const, detail: 'every PT4H' };
  const judge = (status: string, errorDetails?: { code: string; message: string }) => {
    const p = readProtection({ protectionStatus: { status, errorDetails } });
    return judgeRpo({
      now,
      target,
      newest: { time: new Date('2026-11-21T11:00:00Z'), state: 'Completed' },
      protection: { state: p.state, errorMessage: p.error },
      rules: { atRiskShare: 0.8 },
    });
  };

  it('judges a configured instance (not unknown forever)', () => expect(judge('ProtectionConfigured').verdict).toBe('ok'));

  it('gives NotProtected its own reason, and the status’s error details', () => {
    const j = judge('NotProtected', { code: 'UserErrorPolicyAssignmentFailed', message: 'the policy could not be assigned' });
    expect(j.verdict).toBe('unknown');
    expect(j.reason).toContain('the instance is not protected (NotProtected): protection was never configured or did not finish');
    expect(j.reason).toContain('error: UserErrorPolicyAssignmentFailed: the policy could not be assigned');
  });
});
