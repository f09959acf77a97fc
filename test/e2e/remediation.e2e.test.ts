// The npm start path, driven only by the app's own timers and the topic (as the host and Event Grid would): the
// default scenario's failing instances are detected, re-run within budget, and either recover or escalate — all of it
// visible in the events the estate's topic stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adhocJobs, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());

const run = (name: string) => fs.stack.host.runFunction(name);
const names = (type: Parameters<typeof topicEvents>[1]) => topicEvents(fs.stack, type).map((e) => (e.data as { name: string }).name);

describe('detect → Event Grid → re-run → outcome, on timers alone', () => {
  it('recovers prod-weu-payments, escalates search and sandbox, and re-runs prod-weu-orders until its budget is spent', async () => {
    for (let tick = 0; tick < 16; tick++) {
      await run('jobWatchTimer');
      await run('jobLogsTimer');
      await fs.stack.estate!.control.eventGrid.waitForIdle();
      await run('rerunFollowTimer');
      if (names('Autopilot.Remediation.Exhausted').includes('prod-weu-orders')) break;
      fs.stack.estate!.model.clock.advance('PT10M');
    }
    expect(names('Autopilot.Rerun.Succeeded')).toEqual(['prod-weu-payments']);
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(1);
    expect(new Set(names('Autopilot.Remediation.Escalated'))).toEqual(new Set(['prod-neu-search', 'dev-weu-sandbox']));
    expect(names('Autopilot.Rerun.Failed').filter((n) => n === 'prod-weu-orders')).toHaveLength(3);
    expect(names('Autopilot.Remediation.Exhausted')).toEqual(['prod-weu-orders']);
    expect(adhocJobs(fs.stack, 'prod-weu-orders')).toHaveLength(3);
    // Every detector path saw the failures: Resource Graph and Log Analytics, with one id per job between them.
    const failed = topicEvents(fs.stack, 'Autopilot.Backup.JobFailed');
    expect(new Set(failed.map((e) => e.source))).toEqual(new Set(['/autopilot/jobWatchTimer', '/autopilot/jobLogsTimer']));
    const bySource = (s: string) => new Set(failed.filter((e) => e.source === s).map((e) => e.id));
    const logIds = [...bySource('/autopilot/jobLogsTimer')];
    expect(logIds.filter((id) => bySource('/autopilot/jobWatchTimer').has(id)).length).toBeGreaterThan(0);
  });
});
