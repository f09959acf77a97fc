// Remediator on the fakes of its ports: the re-run policy under Event Grid's at-least-once, unordered delivery.
// Ground truth is what the fakes saw: startBackup calls (zero duplicate re-runs), events published, state written.
import { describe, expect, it } from 'vitest';
import { job, MINUTE } from '../support/fakes/index.js';
import { POLICY_ONE_A_DAY, remediationWorld } from './remediationWorld.js';

const TRANSIENT = 'UserErrorKubernetesApiServerUnreachable';

describe('Remediator: deliveries', () => {
  it('re-runs a transient failure once, however often and by however many instances it is delivered', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-payments', 'job-1', TRANSIENT);
    const first = await w.a.remediator.onJobFailed(event);
    expect(first).toMatchObject({ outcome: 'triggered', failedJobId: event.data.jobId });
    expect(first.reason).toMatch(/attempt 1 of 3 today/);
    for (const r of [w.a.remediator, w.b.remediator, w.b.remediator]) {
      expect(await r.onJobFailed(event)).toMatchObject({ outcome: 'following', rerunJobId: first.rerunJobId });
    }
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.rerunner.starts[0]).toMatchObject({ instanceId: event.subject, options: { retentionTag: 'Default' } });
    expect(w.record(event.data.jobId)).toMatchObject({ attempt: 1, budget: 3, claim: { status: 'triggered', jobId: first.rerunJobId } });
    expect(w.ledger('prod-weu-payments').entries).toMatchObject([{ failedJob: 'job-1', state: 'started', rerunJobId: first.rerunJobId }]);
    expect(w.publisher.events).toEqual([]);
  });

  it('parallel deliveries to two instances start one re-run; the others are busy or following', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-neu-shop', 'job-2', TRANSIENT);
    const results = await Promise.all([w.a.remediator, w.b.remediator, w.a.remediator, w.b.remediator].map((r) => r.onJobFailed(event)));
    expect(results.filter((r) => r.outcome === 'triggered')).toHaveLength(1);
    for (const r of results.filter((x) => x.outcome !== 'triggered')) expect(['busy', 'following']).toContain(r.outcome);
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.ledger('prod-neu-shop').entries).toHaveLength(1);
  });

  it('two failures of one instance at once never spend more than the budget between them', async () => {
    const w = remediationWorld(POLICY_ONE_A_DAY);
    const e1 = w.failure('prod-weu-orders', 'job-3', TRANSIENT);
    const e2 = w.failure('prod-weu-orders', 'job-4', TRANSIENT);
    const results = await Promise.all([w.a.remediator.onJobFailed(e1), w.b.remediator.onJobFailed(e2)]);
    expect(results.map((r) => r.outcome).sort()).toEqual(['exhausted', 'triggered']);
    expect(results.find((r) => r.outcome === 'exhausted')?.reason).toMatch(/budget exhausted: 1 of 1 re-runs used today/);
    expect(w.rerunner.starts).toHaveLength(1);
    expect(w.publisher.ofType('Autopilot.Remediation.Exhausted')).toHaveLength(1);
  });

  it('out of order: a failure delivered after a newer backup completed is skipped, not re-run', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-shop', 'job-5', TRANSIENT);
    w.clock.advance(12 * 60 * MINUTE);
    w.feed.add(job('prod-weu-shop', 'job-6', { startTime: w.clock.advance(-60 * MINUTE), endTime: w.clock.advance(10 * MINUTE) }));
    const result = await w.a.remediator.onJobFailed(event);
    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/newer backup \(job job-6\) completed/) as unknown });
    expect(w.rerunner.starts).toEqual([]);
    expect(w.record(event.data.jobId)?.claim).toMatchObject({ status: 'finished', outcome: 'skipped' });
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'duplicate' });
  });

  it('a backup in flight decides for itself: skipped, nothing started', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-shop', 'job-7', TRANSIENT);
    w.feed.add(job('prod-weu-shop', 'job-8', { status: 'InProgress', startTime: w.clock.now(), endTime: undefined }));
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/job-8 is in flight/) as unknown,
    });
    expect(w.rerunner.starts).toEqual([]);
  });

  it('skips restores and on-demand jobs with a reason, without writing state', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-orders', 'job-9', TRANSIENT);
    const restore = { ...event, data: { ...event.data, operation: 'Restore' as const } };
    const adhoc = { ...event, data: { ...event.data, trigger: 'adhoc' as const } };
    expect(await w.a.remediator.onJobFailed(restore)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/restore/) as unknown,
    });
    expect(await w.a.remediator.onJobFailed(adhoc)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/on-demand/) as unknown,
    });
    expect(w.store.writes).toEqual([]);
    expect(w.rerunner.starts).toEqual([]);
  });
});

describe('Remediator: the failure table', () => {
  // Rows of shared/domain/remediation/failureClass.ts, with Azure Backup for AKS's error codes.
  it.each([
    ['UserErrorSnapshotQuotaExceeded', 'quota'],
    ['UserErrorExtensionMSIMissingPermissionsOnStorageAccount', 'permissions'],
    ['UserErrorBackupExtensionNotInstalled', 'extension'],
    ['UserErrorTrustedAccessNotConfigured', 'extension'],
    ['UserErrorMaxAdhocBackupsPerDayExceeded', 'daily-cap'],
    ['UserErrorInvalidProtectionState', 'not-protected'],
  ])('%s is escalated (%s) once, without touching the budget', async (code, rule) => {
    const w = remediationWorld();
    const event = w.failure('prod-neu-search', 'job-10', code);
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'escalated' });
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'duplicate' });
    const escalated = w.publisher.ofType('Autopilot.Remediation.Escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({
      subject: event.subject,
      data: { rule, used: 0, budget: 3, failedJobId: event.data.jobId, errorCode: code },
    });
    expect(w.rerunner.starts).toEqual([]);
    expect(w.ledger('prod-neu-search').entries).toEqual([]);
  });

  it('an unknown code the service flags as a non-retryable user error is escalated (flags)', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-neu-search', 'job-11', 'UserErrorSomethingNew', { isRetryable: false, isUserError: true });
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'escalated' });
    expect(w.publisher.ofType('Autopilot.Remediation.Escalated')[0]?.data.rule).toBe('flags');
  });

  it('another operation in progress is waited out: skipped, nothing published', async () => {
    const w = remediationWorld();
    const event = w.failure('prod-weu-orders', 'job-12', 'UserErrorBackupOperationInProgress');
    expect(await w.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'skipped' });
    expect(w.rerunner.starts).toEqual([]);
    expect(w.publisher.events).toEqual([]);
  });

  it('an instance that is gone is skipped; one no longer protected is escalated (not-protected)', async () => {
    const w = remediationWorld();
    const gone = w.failure('prod-weu-gone', 'job-13', 'InternalError');
    w.rerunner.instances.clear();
    expect(await w.a.remediator.onJobFailed(gone)).toMatchObject({ outcome: 'skipped', reason: 'the backup instance no longer exists' });
    const stopped = w.failure('prod-weu-stopped', 'job-14', 'InternalError');
    w.rerunner.addInstance(stopped.subject, 'prod-weu-stopped', { protectionState: 'ProtectionStopped' });
    expect(await w.a.remediator.onJobFailed(stopped)).toMatchObject({ outcome: 'escalated' });
    expect(w.publisher.ofType('Autopilot.Remediation.Escalated')[0]?.data).toMatchObject({
      rule: 'not-protected',
      why: expect.stringMatching(/ProtectionStopped/) as unknown,
    });
    expect(w.rerunner.starts).toEqual([]);
  });
});
