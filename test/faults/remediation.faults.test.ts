// Remediation under Event Grid's delivery faults and Azure's: duplicate and out-of-order deliveries, two handlers
// racing on one failure, 429/5xx on the on-demand backup POST. Ground truth is the estate: the on-demand jobs it
// holds per instance (zero duplicate re-runs) and the events its topic stored (nothing dropped without a word).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { adhocJobs, failedEvent, makeFailure, startFaultStack, topicEvents, type FaultStack } from './support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());
beforeEach(() => fs.stack.estate!.control.faults.clear());

const follow = () => fs.a.rerunFollower.run();

describe('remediation: deliveries', () => {
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

  it('escalates failures a re-run cannot fix, once, without touching the budget', async () => {
    for (const [name, rule] of [
      ['prod-neu-search', 'quota'],
      ['dev-weu-sandbox', 'permissions'],
    ] as const) {
      const event = await failedEvent(fs.a, name);
      expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'escalated' });
      expect(await fs.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'duplicate' });
      const escalated = topicEvents(fs.stack, 'Autopilot.Remediation.Escalated', name);
      expect(escalated).toHaveLength(1);
      expect(escalated[0]?.data).toMatchObject({ rule, used: 0, budget: 3, failedJobId: event.data.jobId });
      expect(adhocJobs(fs.stack, name)).toHaveLength(0);
    }
  });

  it('skips restores and on-demand jobs with a reason', async () => {
    const event = await failedEvent(fs.a, 'prod-weu-orders');
    const restore = { ...event, data: { ...event.data, operation: 'Restore' as const } };
    const adhoc = { ...event, data: { ...event.data, trigger: 'adhoc' as const } };
    expect(await fs.a.remediator.onJobFailed(restore)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/restore/) as unknown,
    });
    expect(await fs.a.remediator.onJobFailed(adhoc)).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/on-demand/) as unknown,
    });
  });

  it('out of order: a failure delivered after a newer backup completed is skipped, not re-run', async () => {
    const event = await makeFailure(fs, 'prod-weu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    const model = fs.stack.estate!.model;
    model.clock.advance('PT12H'); // the next scheduled backups complete meanwhile
    const result = await fs.a.remediator.onJobFailed(event);
    expect(result).toMatchObject({ outcome: 'skipped', reason: expect.stringMatching(/newer backup/) as unknown });
    expect(adhocJobs(fs.stack, 'prod-weu-shop')).toHaveLength(0);
  });
});

describe('remediation: races and Azure faults', () => {
  it('two handlers racing on one failure start one re-run', async () => {
    const event = await makeFailure(fs, 'prod-neu-shop', 'UserErrorKubernetesApiServerUnreachable', true);
    const results = await Promise.all([
      fs.a.remediator.onJobFailed(event),
      fs.b.remediator.onJobFailed(event),
      fs.a.remediator.onJobFailed(event),
    ]);
    expect(results.filter((r) => r.outcome === 'triggered')).toHaveLength(1);
    for (const r of results.filter((x) => x.outcome !== 'triggered')) expect(['busy', 'following']).toContain(r.outcome);
    expect(adhocJobs(fs.stack, 'prod-neu-shop')).toHaveLength(1);
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
