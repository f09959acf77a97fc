// Detectors end to end: jobWatchTimer (Resource Graph) on the local host against the default scenario, publishing to
// the estate's Event Grid topic, which delivers JobFailed to remediateBackupFailure — the whole detect → re-run path.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { jobKey } from '../../shared/domain/remediation/record.js';
import { eventId } from '../../shared/events/cloudEvent.js';
import { adhocJobs, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack({ JOB_WATCH_LOOKBACK: 'P1D' });
});
afterAll(() => fs?.stack.close());
beforeEach(() => fs.stack.estate!.control.faults.clear());

const tick = () => fs.stack.host.runFunction('jobWatchTimer');
const failed = () => topicEvents(fs.stack, 'Autopilot.Backup.JobFailed');
const grid = () => fs.stack.estate!.control.eventGrid;

describe('jobWatchTimer', () => {
  it('publishes each failed and completed job of the last day once, with the id every detector derives from the job', async () => {
    await tick();
    const events = failed();
    expect(new Set(events.map((e) => e.data.name))).toEqual(
      new Set(['prod-weu-orders', 'prod-weu-payments', 'prod-neu-search', 'dev-weu-sandbox']),
    );
    for (const e of events) {
      expect(e.source).toBe('/autopilot/jobWatchTimer');
      expect(e.id).toBe(eventId('Autopilot.Backup.JobFailed', e.subject, jobKey(e.data.jobId)));
      expect(e.data).toMatchObject({ detector: 'resource-graph', trigger: 'scheduled', operation: 'Backup', status: 'Failed' });
      expect(e.data.errorCode).toMatch(/^UserError/);
    }
    expect(topicEvents(fs.stack, 'Autopilot.Backup.JobSucceeded').length).toBeGreaterThan(0);
    const all = grid()
      .events()
      .filter((r) => /^Autopilot\.Backup\./.test(r.type));
    expect(new Set(all.map((r) => r.id)).size).toBe(all.length);
    await tick();
    expect(
      grid()
        .events()
        .filter((r) => /^Autopilot\.Backup\./.test(r.type)),
    ).toHaveLength(all.length);
  });

  it('the topic delivers the failures to remediateBackupFailure: a re-run for the transient one, escalations for the others', async () => {
    await grid().waitForIdle();
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(1);
    const escalated = topicEvents(fs.stack, 'Autopilot.Remediation.Escalated').map((e) => [e.data.name, e.data.rule]);
    expect(escalated).toEqual(
      expect.arrayContaining([
        ['prod-neu-search', 'quota'],
        ['dev-weu-sandbox', 'permissions'],
      ]),
    );
    expect(adhocJobs(fs.stack, 'prod-neu-search')).toHaveLength(0);
  });

  it('loses nothing when the publish fails: the watermark stays and the next tick publishes the same event', async () => {
    const before = failed().length;
    fs.stack.estate!.model.clock.advance('PT5H'); // prod-weu-orders fails again on its 4-hourly schedule
    const fault = fs.stack.estate!.control.faults.add({ kind: 'status', service: 'eventGrid', method: 'POST', times: Infinity });
    await expect(tick()).rejects.toThrow();
    expect(failed()).toHaveLength(before);
    fs.stack.estate!.control.faults.remove(fault.id);
    await tick();
    await tick();
    const fresh = failed().slice(before);
    expect(fresh.map((e) => e.data.name)).toContain('prod-weu-orders');
    expect(new Set(fresh.map((e) => e.id)).size).toBe(fresh.length);
  });
});
