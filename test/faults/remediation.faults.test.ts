// Remediation where the wire protocol matters: the topic and the Event Grid function delivering one failure three
// times, 429/5xx on the on-demand backup POST (retried in the SDK pipeline), an LRO that fails although the job
// started, and a re-run whose job cannot be read. Ground truth is the estate: the on-demand jobs it holds per
// instance (zero duplicate re-runs) and the events its topic stored (nothing dropped without a word).
//
// The policy itself — escalation table, skips, out-of-order deliveries, racing handlers, crashes between claim and
// start or after the POST, the follow timeout, budget and backoff — is tested on the fakes of our ports in
// test/usecases/remediation*.test.ts and rerunFollow.test.ts, and end to end on timers in
// test/e2e/remediation.e2e.test.ts (re-run, escalation and a spent budget against the estate).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ledgerKey, parseLedger } from '../../shared/domain/remediation/record.js';
import { adhocJobs, failedEvent, makeFailure, startFaultStack, topicEvents, type FaultStack } from './support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());
beforeEach(() => fs.stack.estate!.control.faults.clear());

const follow = () => fs.a.rerunFollower.run();
const model = () => fs.stack.estate!.model;

describe('remediation: deliveries and Azure faults', () => {
  it('re-runs a transient failure once through the topic and the Event Grid function, however often it is delivered', async () => {
    const event = await failedEvent(fs.a, 'prod-weu-payments');
    expect(event.data.errorCode).toBe('UserErrorKubernetesApiServerUnreachable');
    // Through the real path: the topic stores the event and delivers it to remediateBackupFailure (three times).
    await fs.a.eventPublisher.publish([event, event]);
    await fs.stack.estate!.control.eventGrid.waitForIdle();
    await fs.stack.host.runFunction('remediateBackupFailure', event);
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(1);

    expect((await follow()).find((s) => s.failedJobId === event.data.jobId)?.step).toBe('running');
    fs.stack.estate!.model.clock.advance('PT10M');
    const steps = await follow();
    expect(steps.find((s) => s.failedJobId === event.data.jobId)?.step).toBe('succeeded');
    await follow();
    const succeeded = topicEvents(fs.stack, 'Autopilot.Rerun.Succeeded', 'prod-weu-payments');
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.data).toMatchObject({ failedJobId: event.data.jobId, attempt: 1, budget: 3, errorCode: null });

    // A late duplicate (after the outcome) does nothing.
    expect(await fs.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'duplicate' });
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(1);
  });

  it('429 and 5xx on the POST are retried in the SDK pipeline: one re-run', async () => {
    const event = await makeFailure(fs, 'prod-weu-catalog', 'UserErrorKubernetesApiServerUnreachable', true);
    const faults = fs.stack.estate!.control.faults;
    faults.add({ kind: 'throttle', method: 'POST', path: '/backup$', times: 1 });
    faults.add({ kind: 'status', status: 503, method: 'POST', path: '/backup$', times: 1 });
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    expect(faults.list().map((f) => f.hits)).toEqual([1, 1]);
    expect(adhocJobs(fs.stack, 'prod-weu-catalog')).toHaveLength(1);
  });
});

describe('remediation: recovery over the wire', () => {
  it('an LRO that fails after the job started: deferred, then adopted on the next look; budget counted once', async () => {
    const event = await makeFailure(fs, 'prod-neu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    fs.stack.estate!.control.faults.add({
      kind: 'lroFail',
      path: '/backup$',
      code: 'InternalServerError',
      message: 'operation tracking failed',
    });
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'deferred' });
    expect(adhocJobs(fs.stack, 'prod-neu-shop')).toHaveLength(1); // the estate left the job behind
    expect(await fs.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'busy' });
    model().clock.advance('PT16M');
    const steps = await fs.a.rerunFollower.run();
    expect(steps.find((s) => s.failedJobId === event.data.jobId)?.next).toMatchObject({ outcome: 'adopted' });
    expect(adhocJobs(fs.stack, 'prod-neu-shop')).toHaveLength(1);
    const ledger = parseLedger((await fs.a.stateStore.read(ledgerKey(event.subject)))?.value);
    expect(ledger.entries).toHaveLength(1);
    expect(ledger.entries[0]).toMatchObject({ state: 'started' });
  });

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
