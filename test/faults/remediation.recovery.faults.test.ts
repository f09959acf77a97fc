// Remediation when things die or hang: a handler that crashed after claiming (before or after its POST), an LRO that
// fails although the job started, a re-run that stays in progress, and a failure that outlives the day's budget.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { newClaim } from '../../shared/domain/remediation/claim.js';
import { ledgerKey, parseLedger, recordKey } from '../../shared/domain/remediation/record.js';
import { failureOfEvent } from '../../shared/usecases/remediation/remediationEvents.js';
import { RerunFollower } from '../../shared/usecases/remediation/rerunFollow.js';
import { DataProtectionRerunner } from '../../shared/adapters/arm/jobFeedDataProtection.js';
import { adhocJobs, failedEvent, makeFailure, startFaultStack, topicEvents, type FaultStack } from './support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());
beforeEach(() => fs.stack.estate!.control.faults.clear());

const model = () => fs.stack.estate!.model;
/** What a handler that died right after its claim leaves behind: a claim that expired 10 minutes ago. */
async function crashedClaim(event: Awaited<ReturnType<typeof failedEvent>>, minutesAgo = 20): Promise<Date> {
  const claimedAt = new Date(fs.a.clock.now().getTime() - minutesAgo * 60_000);
  await fs.a.stateStore.create(recordKey(event.data.jobId), {
    failure: failureOfEvent(event),
    claim: newClaim('dead', claimedAt, 600_000),
  });
  return claimedAt;
}

describe('remediation: crashes', () => {
  it('a crash between claim and POST is recovered on the next delivery: one re-run, nothing left to reclaim', async () => {
    const event = await makeFailure(fs, 'prod-weu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    await crashedClaim(event);
    expect(await fs.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    expect(await fs.a.rerunFollower.run()).toEqual(expect.not.arrayContaining([expect.objectContaining({ step: 'reclaimed' })]));
    expect(adhocJobs(fs.stack, 'prod-weu-shop')).toHaveLength(1);
  });

  it('a crash after the POST: the reclaim adopts the job the dead handler started instead of starting another', async () => {
    const event = await makeFailure(fs, 'prod-neu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    const claimedAt = await crashedClaim(event, 15);
    const instance = model().findInstance('prod-neu-shop')!;
    model().triggerAdhocBackup(instance, {
      backupRuleOptions: { ruleName: instance.policy.rule, triggerOption: { retentionTagOverride: 'Default' } },
    });
    expect(claimedAt.getTime()).toBeLessThan(fs.a.clock.now().getTime());
    const steps = await fs.a.rerunFollower.run();
    expect(steps.find((s) => s.failedJobId === event.data.jobId)?.next).toMatchObject({ outcome: 'adopted' });
    expect(adhocJobs(fs.stack, 'prod-neu-shop')).toHaveLength(1);
  });

  it('an LRO that fails after the job started: deferred, then adopted on the next look; budget counted once', async () => {
    const event = await makeFailure(fs, 'prod-weu-catalog', 'UserErrorKubernetesApiServerUnreachable', true);
    fs.stack.estate!.control.faults.add({
      kind: 'lroFail',
      path: '/backup$',
      code: 'InternalServerError',
      message: 'operation tracking failed',
    });
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'deferred' });
    expect(adhocJobs(fs.stack, 'prod-weu-catalog')).toHaveLength(1); // the estate left the job behind
    expect(await fs.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'busy' });
    model().clock.advance('PT16M');
    const steps = await fs.a.rerunFollower.run();
    expect(steps.find((s) => s.failedJobId === event.data.jobId)?.next).toMatchObject({ outcome: 'adopted' });
    expect(adhocJobs(fs.stack, 'prod-weu-catalog')).toHaveLength(1);
    const ledger = parseLedger((await fs.a.stateStore.read(ledgerKey(event.subject)))?.value);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ state: 'started' });
  });

  it('a re-run that stays in progress is reported failed after the follow timeout, and not followed again', async () => {
    const event = await makeFailure(fs, 'stage-weu-shop', 'UserErrorKubernetesApiServerUnreachable', true).catch(() => undefined);
    const target = event ?? (await makeFailure(fs, 'dev-weu-shop', 'UserErrorKubernetesApiServerUnreachable', true));
    expect(await fs.a.remediator.onJobFailed(target)).toMatchObject({ outcome: 'triggered' });
    const impatient = new RerunFollower({
      store: fs.a.stateStore,
      publisher: fs.a.eventPublisher,
      rerunner: new DataProtectionRerunner(fs.a.dataProtection),
      remediator: fs.a.remediator,
      clock: fs.a.clock,
      followTimeoutMs: 60_000,
    });
    model().clock.advance('PT2M'); // the job runs 6 min; the follow timeout is 1 min
    const steps = await impatient.run();
    expect(steps.find((s) => s.failedJobId === target.data.jobId)?.step).toBe('timed-out');
    const failed = topicEvents(fs.stack, 'Autopilot.Rerun.Failed', target.data.name);
    expect(failed).toHaveLength(1);
    expect(failed[0]?.data.errorCode).toBe('RerunInProgress');
    expect((await impatient.run()).filter((s) => s.failedJobId === target.data.jobId)).toEqual([]);
  });
});

describe('remediation: follow-up under faults', () => {
  it('a re-run whose job cannot be read (5xx after retries) is reported and followed again next tick, nothing dropped', async () => {
    const event = await makeFailure(fs, 'prod-weu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    model().clock.advance('PT10M');
    const fault = fs.stack.estate!.control.faults.add({ kind: 'status', method: 'GET', path: '/backupJobs/', times: Infinity });
    const broken = await fs.a.rerunFollower.run();
    expect(broken.find((s) => s.step === 'error')?.error).toBeTruthy();
    fs.stack.estate!.control.faults.remove(fault.id);
    const steps = await fs.a.rerunFollower.run();
    expect(steps.find((s) => s.failedJobId === event.data.jobId)?.step).toBe('succeeded');
    expect(
      topicEvents(fs.stack, 'Autopilot.Rerun.Succeeded', 'prod-weu-shop').filter((e) => e.data.failedJobId === event.data.jobId),
    ).toHaveLength(1);
  });
});

describe('remediation: budget', () => {
  it('a failure that keeps failing is re-run budget times with backoff, then Exhausted; never more', async () => {
    // Start just after a scheduled job ended, so the next one (4 h later) is not in flight during the re-runs.
    const { policy } = model().findInstance('prod-weu-orders')!;
    const now = model().nowMs();
    const nextSlot = policy.anchor + Math.ceil((now - policy.anchor) / policy.intervalMs) * policy.intervalMs;
    model().clock.advance(nextSlot - now + 10 * 60_000);
    const event = await failedEvent(fs.a, 'prod-weu-orders');
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    for (let i = 0; i < 16; i++) {
      model().clock.advance('PT15M');
      await fs.a.rerunFollower.run();
      await fs.b.rerunFollower.run();
      if (topicEvents(fs.stack, 'Autopilot.Remediation.Exhausted', 'prod-weu-orders').length > 0) break;
    }
    expect(adhocJobs(fs.stack, 'prod-weu-orders')).toHaveLength(3);
    const failed = topicEvents(fs.stack, 'Autopilot.Rerun.Failed', 'prod-weu-orders');
    expect(failed.map((e) => e.data.attempt)).toEqual([1, 2, 3]);
    const exhausted = topicEvents(fs.stack, 'Autopilot.Remediation.Exhausted', 'prod-weu-orders');
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0]?.data).toMatchObject({ rule: 'budget', used: 3, budget: 3 });
    const starts = adhocJobs(fs.stack, 'prod-weu-orders').map((j) => j.start);
    expect(starts[2]! - starts[1]!).toBeGreaterThan(starts[1]! - starts[0]!); // backoff doubles
  });
});
