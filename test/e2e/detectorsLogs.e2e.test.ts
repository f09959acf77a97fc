// jobLogsTimer end to end: KQL over the estate's AddonAzureBackupJobs (ingestion lag included) through the real
// LogsQueryClient: failed jobs with the same ids as the Resource Graph detector, and sliding-window thresholds.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jobKey } from '../../shared/domain/remediation/record.js';
import { eventId } from '../../shared/events/cloudEvent.js';
import { lastFailedJob, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
beforeAll(async () => {
  fs = await startFaultStack();
});
afterAll(() => fs?.stack.close());

const tick = () => fs.stack.host.runFunction('jobLogsTimer');
const fromLogs = () => topicEvents(fs.stack, 'Autopilot.Backup.JobFailed').filter((e) => e.source === '/autopilot/jobLogsTimer');

describe('jobLogsTimer', () => {
  it('publishes failed jobs ingested in the window, with the ids the Resource Graph detector gives them', async () => {
    fs.stack.estate!.model.clock.advance('PT30M'); // past the workspace's ingestion lag
    await tick();
    const events = fromLogs();
    expect(new Set(events.map((e) => e.data.name))).toEqual(
      new Set(['prod-weu-orders', 'prod-weu-payments', 'prod-neu-search', 'dev-weu-sandbox']),
    );
    const payments = await lastFailedJob(fs.a, 'prod-weu-payments');
    const same = events.find((e) => e.data.name === 'prod-weu-payments');
    expect(same?.id).toBe(eventId('Autopilot.Backup.JobFailed', payments.instanceId, jobKey(payments.id)));
    expect(same?.data).toMatchObject({
      detector: 'log-analytics',
      errorCode: 'UserErrorKubernetesApiServerUnreachable',
      trigger: 'scheduled',
    });
  });

  it('announces a success rate under 95 % over the window once, with enough samples only', async () => {
    const breached = topicEvents(fs.stack, 'Autopilot.Backup.ThresholdBreached');
    const names = breached.map((e) => [e.data.name, e.data.metric]);
    expect(names).toEqual(expect.arrayContaining([['prod-weu-orders', 'backupSuccessRate']]));
    expect(names.map(([n]) => n)).not.toContain('dev-weu-sandbox'); // one daily job in the window: not judged
    for (const e of breached) {
      expect(e.data.value).toBeLessThan(0.95);
      expect(e.data).toMatchObject({ threshold: 0.95, window: 'P1D' });
      expect(e.data.sampleSize).toBeGreaterThanOrEqual(3);
    }
    const before = fromLogs().length;
    await tick();
    expect(topicEvents(fs.stack, 'Autopilot.Backup.ThresholdBreached')).toHaveLength(breached.length);
    expect(fromLogs()).toHaveLength(before);
  });
});
