// The whole app against an estate that words things as the REST spec's examples do — jobs `Succeeded` / `Started`,
// backup instances with protectionStatus.status but no currentProtectionState: instances are judged (not `unknown`
// forever), Resource Graph settles them, a re-run that ends Succeeded is reported succeeded, and the job watch
// publishes the successes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { adhocJobs, failedEvent, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack({ JOB_WATCH_LOOKBACK: 'P1D' });
  fs.stack.estate!.model.setWording({ jobCompleted: 'Succeeded', jobInProgress: 'Started', currentProtectionState: false });
});
afterAll(() => fs?.stack.close());

describe('Azure’s words as the spec’s examples write them', () => {
  it('GET /api/rpo judges instances that carry only protectionStatus.status, settled by Resource Graph where it can', async () => {
    const res = await fetch(`${fs.stack.url}/api/rpo`);
    const r = (await res.json()) as RpoReport;
    expect(r.summary).toEqual({ total: 11, ok: 3, atRisk: 2, breached: 2, unknown: 4 });
    expect(r.instances.find((i) => i.name === 'prod-weu-shop')).toMatchObject({ verdict: 'ok', protectionState: 'ProtectionConfigured' });
    expect(r.instances.filter((i) => i.evidence === 'resource-graph').length).toBeGreaterThan(0);
  });

  it('re-runs a failed backup, follows its Started job, and reports the re-run succeeded when it says Succeeded', async () => {
    const event = await failedEvent(fs.a, 'prod-weu-payments');
    expect(await fs.a.remediator.onJobFailed(event)).toMatchObject({ outcome: 'triggered' });
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(1);
    const step = async () => (await fs.a.rerunFollower.run()).find((s) => s.failedJobId === event.data.jobId)?.step;
    expect(await step()).toBe('running');
    fs.stack.estate!.model.clock.advance('PT10M');
    expect(await step()).toBe('succeeded');
    expect(topicEvents(fs.stack, 'Autopilot.Rerun.Succeeded', 'prod-weu-payments')).toHaveLength(1);
  });

  it('jobWatchTimer publishes a JobSucceeded for each job that says Succeeded', async () => {
    await fs.stack.host.runFunction('jobWatchTimer');
    const succeeded = topicEvents(fs.stack, 'Autopilot.Backup.JobSucceeded');
    expect(succeeded.length).toBeGreaterThan(5);
    expect(new Set(succeeded.map((e) => e.data.status))).toEqual(new Set(['Succeeded']));
  });
});
