// JobLogsDetector on the fakes: failed jobs by ingestion-time watermark, and sliding-window thresholds that publish a
// breach when it appears, not again while it lasts, and again after it cleared. State is written after the publish.
import { describe, expect, it } from 'vitest';
import type { WindowStats } from '../../shared/domain/detection/thresholds.js';
import { JOB_LOGS_KEY, JobLogsDetector } from '../../shared/usecases/detection/jobLogs.js';
import {
  failedJob,
  HOUR,
  instanceId,
  ManualClock,
  MemoryEventPublisher,
  MemoryJobLogs,
  MemoryStateStore,
  MINUTE,
} from '../support/fakes/index.js';

// The defaults of shared/config/remediation.ts: JOB_LOGS_WINDOW P1D, JOB_LOGS_MIN_SAMPLES 3,
// THRESHOLD_BACKUP_SUCCESS_RATE 0.95, THRESHOLD_BACKUP_DURATION PT30M, THRESHOLD_RESTORE_SUCCESS_RATE 0.99.
const THRESHOLDS = { minSamples: 3, backupSuccessRate: 0.95, backupDurationMs: 30 * MINUTE, restoreSuccessRate: 0.99 };

function world() {
  const clock = new ManualClock('2026-11-21T12:00:00Z');
  const store = new MemoryStateStore();
  const publisher = new MemoryEventPublisher();
  const logs = new MemoryJobLogs();
  const detector = new JobLogsDetector({ logs, store, publisher, clock, windowMs: 24 * HOUR, thresholds: THRESHOLDS });
  return { clock, store, publisher, logs, detector };
}

const stats = (name: string, over: Partial<WindowStats>): WindowStats => ({
  instanceId: instanceId(name),
  name,
  vault: 'bv-weu',
  cluster: `aks-${name}`,
  backups: 10,
  backupsFailed: 0,
  maxBackupSeconds: 600,
  restores: 0,
  restoresFailed: 0,
  ...over,
});

describe('JobLogsDetector', () => {
  it('publishes failed jobs ingested since the watermark once, with the ids the other detectors use', async () => {
    const w = world();
    const late = failedJob('prod-weu-orders', 'JOB-GUID-1', 'InternalError');
    w.logs.rows.push({ ingested: new Date('2026-11-21T11:00:00Z'), job: late });
    await w.detector.run();
    w.clock.advance(15 * MINUTE);
    await w.detector.run();
    expect(w.logs.queries.map((q) => [q.from.toISOString(), q.to.toISOString()])).toEqual([
      ['2026-11-20T12:00:00.000Z', '2026-11-21T12:00:00.000Z'],
      ['2026-11-21T12:00:00.000Z', '2026-11-21T12:15:00.000Z'],
    ]);
    expect(w.publisher.ofType('Autopilot.Backup.JobFailed').map((e) => [e.data.jobId, e.data.detector])).toEqual([
      [late.id, 'log-analytics'],
    ]);
  });

  it('a breach is published when it appears, not while it lasts, and again after it cleared', async () => {
    const w = world();
    // 7 of 10 backups succeeded: 0.7 < 0.95.
    w.logs.stats = [stats('prod-weu-orders', { backupsFailed: 3 }), stats('prod-weu-payments', {})];
    expect(await w.detector.run()).toMatchObject({ breaches: 1, newBreaches: 1 });
    const [breach] = w.publisher.ofType('Autopilot.Backup.ThresholdBreached');
    expect(breach?.data).toMatchObject({
      name: 'prod-weu-orders',
      metric: 'backupSuccessRate',
      value: 0.7,
      threshold: 0.95,
      sampleSize: 10,
      window: 'P1D',
    });
    w.clock.advance(15 * MINUTE);
    expect(await w.detector.run()).toMatchObject({ breaches: 1, newBreaches: 0 });
    w.logs.stats = [stats('prod-weu-orders', {})];
    w.clock.advance(15 * MINUTE);
    expect(await w.detector.run()).toMatchObject({ breaches: 0 });
    w.logs.stats = [stats('prod-weu-orders', { backupsFailed: 5 })];
    w.clock.advance(15 * MINUTE);
    await w.detector.run();
    expect(w.publisher.ofType('Autopilot.Backup.ThresholdBreached')).toHaveLength(2);
  });

  it('fewer finished backups than JOB_LOGS_MIN_SAMPLES are not judged', async () => {
    const w = world();
    w.logs.stats = [stats('prod-weu-orders', { backups: 2, backupsFailed: 2 })];
    expect(await w.detector.run()).toMatchObject({ breaches: 0 });
    expect(w.publisher.events).toEqual([]);
  });

  it('a failed publish writes no state: the next tick publishes the same events again', async () => {
    const w = world();
    w.logs.rows.push({ ingested: new Date('2026-11-21T11:00:00Z'), job: failedJob('prod-weu-orders', 'g-2', 'InternalError') });
    w.logs.stats = [stats('prod-weu-shop', { maxBackupSeconds: 5 * 3600 })];
    w.publisher.failures.add('Event Grid unavailable');
    await expect(w.detector.run()).rejects.toThrow('Event Grid unavailable');
    expect(w.store.value(JOB_LOGS_KEY)).toBeUndefined();
    w.clock.advance(MINUTE);
    expect(await w.detector.run()).toMatchObject({ failed: 1, newBreaches: 1 });
    expect(w.publisher.events.map((e) => e.type)).toEqual(['Autopilot.Backup.JobFailed', 'Autopilot.Backup.ThresholdBreached']);
    expect(w.store.value(JOB_LOGS_KEY)).toMatchObject({ watermark: '2026-11-21T12:01:00.000Z' });
  });
});
