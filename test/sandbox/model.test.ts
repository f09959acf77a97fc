import { describe, expect, it } from 'vitest';
import { SimClock } from '../../sandbox/estate/model/clock.js';
import { jobStatusAt, jobView } from '../../sandbox/estate/model/jobViews.js';
import { addDuration, fixedMs, formatTimeSpan, parseIsoDuration, resolveTime } from '../../sandbox/estate/model/time.js';
import { DAY, HOUR, MIN, START, modelOf, onlyInstance, smallScenario } from './modelSupport.js';

describe('time and clock', () => {
  it('parses signed ISO durations and relative times', () => {
    expect(fixedMs('PT4H')).toBe(4 * HOUR);
    expect(fixedMs('-PT3H30M')).toBe(-(3 * HOUR + 30 * MIN));
    expect(fixedMs('P1M')).toBeUndefined();
    expect(parseIsoDuration('P')).toBeUndefined();
    expect(resolveTime('-P3D', START.getTime())).toBe(START.getTime() - 3 * DAY);
    expect(resolveTime('2026-01-01T00:00:00Z', START.getTime())).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(new Date(addDuration(Date.parse('2026-01-31T00:00:00Z'), parseIsoDuration('P1M')!)).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    expect(formatTimeSpan(6 * MIN)).toBe('00:06:00');
    expect(formatTimeSpan(DAY + 2 * HOUR)).toBe('1.02:00:00');
  });

  it('runs at wall speed from its start and only moves forward', () => {
    let wall = 1_000;
    const clock = new SimClock({ startAt: START, wall: () => wall });
    wall += 2_500;
    expect(clock.now().getTime()).toBe(START.getTime() + 2_500);
    clock.advance('PT1H');
    expect(clock.nowMs()).toBe(START.getTime() + 2_500 + HOUR);
    clock.set(new Date(START.getTime() + 2 * HOUR));
    expect(clock.nowMs()).toBe(START.getTime() + 2 * HOUR);
    expect(() => clock.set(START)).toThrow(/only moves forward/);
    expect(() => clock.advance(-1)).toThrow(/only moves forward/);
    expect(() => clock.advance('P1M')).toThrow(/fixed-length/);
  });
});

describe('scheduled history', () => {
  it('derives one job per policy slot since creation, with deterministic jitter', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const jobs = model.history.jobs(instance, model.nowMs());
    // createdAt 2026-03-07T12:00 → slots 07 14:00 … 10 10:00: 3 + 6 + 6 + 3.
    expect(jobs).toHaveLength(18);
    expect(new Date(jobs[0]!.start).toISOString().slice(0, 13)).toBe('2026-03-07T14');
    for (const job of jobs) {
      const slotOffset = (job.start - Date.parse('2026-03-01T02:00:00Z')) % (4 * HOUR);
      expect(slotOffset).toBeGreaterThanOrEqual(15_000);
      expect(slotOffset).toBeLessThanOrEqual(150_000);
      expect(job.end - job.start).toBe(6 * MIN);
      expect(job.outcome).toBe('Completed');
    }
    const again = modelOf(smallScenario());
    expect(again.history.jobs(onlyInstance(again), again.nowMs()).map((j) => [j.id, j.start])).toEqual(jobs.map((j) => [j.id, j.start]));
  });

  it('keeps recovery points for the policy retention only, newest first, stamped with the job start', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const points = model.recoveryPoints(instance);
    // P2D before 2026-03-10T12:00 → points from the 08 14:00 slot on.
    expect(points).toHaveLength(12);
    expect(points[0]!.time).toBeGreaterThan(points[1]!.time);
    expect(new Date(points.at(-1)!.time).toISOString().slice(0, 13)).toBe('2026-03-08T14');
    expect(points[0]!.time).toBe(points[0]!.job.start);
    expect(points[0]!.expiry).toBe(points[0]!.time + 2 * DAY);
    model.advance('P1D');
    const later = model.recoveryPoints(instance);
    expect(later).toHaveLength(12);
    expect(later.every((p) => p.time > model.nowMs() - 2 * DAY)).toBe(true);
  });

  it('reports a job InProgress without a recovery point until it ends by the clock', () => {
    const model = modelOf(smallScenario(), new Date('2026-03-10T14:00:00Z'));
    const instance = onlyInstance(model);
    const before = model.recoveryPoints(instance)[0]!;
    model.advance('PT2M31S'); // past the longest jitter: the 14:00 job has started
    const job = model.history.jobs(instance, model.nowMs()).at(-1)!;
    expect(new Date(job.start).toISOString().slice(0, 13)).toBe('2026-03-10T14');
    expect(jobStatusAt(job, model.nowMs())).toBe('InProgress');
    const running = jobView(job, model.nowMs()).properties as Record<string, unknown>;
    expect(running).toMatchObject({ status: 'InProgress', operation: 'Backup', isUserTriggered: false });
    expect(running.endTime).toBeUndefined();
    expect(model.recoveryPoints(instance)[0]!.id).toBe(before.id);
    model.advance('PT6M');
    expect(jobStatusAt(job, model.nowMs())).toBe('Completed');
    expect(jobView(job, model.nowMs()).properties).toMatchObject({
      status: 'Completed',
      duration: '00:06:00',
      endTime: new Date(job.end).toISOString(),
    });
    expect(model.recoveryPoints(instance)[0]!.time).toBe(job.start);
  });

  it('turns failing slots into Failed jobs with error details and no recovery point', () => {
    const model = modelOf(
      smallScenario({
        instance: {
          timeline: [{ from: '-PT9H', behaviour: 'failing', failureCode: 'UserErrorX', failureMessage: 'broken', retryable: false }],
        },
      }),
    );
    const instance = onlyInstance(model);
    const jobs = model.history.jobs(instance, model.nowMs());
    const failed = jobs.filter((j) => j.outcome === 'Failed');
    expect(failed.map((j) => new Date(j.start).toISOString().slice(11, 13))).toEqual(['06', '10']);
    expect(jobView(failed[0]!, model.nowMs()).properties).toMatchObject({
      status: 'Failed',
      errorDetails: [{ code: 'UserErrorX', message: 'broken', isRetryable: false, isUserError: true }],
    });
    expect(model.protection(instance).currentProtectionState).toBe('ProtectionConfigured');
    expect(new Date(model.recoveryPoints(instance)[0]!.time).toISOString().slice(0, 13)).toBe('2026-03-10T02');
  });

  it('stops scheduling while suspended and keeps the latest point forever', () => {
    const model = modelOf(smallScenario({ instance: { timeline: [{ from: '-P1D', behaviour: 'suspended' }] } }));
    const instance = onlyInstance(model);
    expect(model.protection(instance)).toMatchObject({ currentProtectionState: 'BackupSchedulesSuspended', status: 'ProtectionStopped' });
    const lastJob = model.history.jobs(instance, model.nowMs()).at(-1)!;
    expect(lastJob.start).toBeLessThan(model.nowMs() - DAY);
    model.advance('P5D');
    const points = model.recoveryPoints(instance);
    expect(points).toHaveLength(1);
    expect(points[0]!.job).toBe(lastJob);
    expect(points[0]!.expiry).toBeUndefined();
  });

  it('has no jobs for an instance created after its last slot', () => {
    const model = modelOf(smallScenario({ instance: { createdAt: '-PT1H' } }));
    const instance = onlyInstance(model);
    expect(model.history.jobs(instance, model.nowMs())).toEqual([]);
    expect(model.recoveryPoints(instance)).toEqual([]);
    model.advance('PT2H10M'); // the 14:00 slot ran
    expect(model.recoveryPoints(instance)).toHaveLength(1);
  });

  it('applies behaviour changes from now on as the clock advances', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const pastIds = model.history.jobs(instance, model.nowMs()).map((j) => j.id);
    model.setBehaviour('bi1', 'failing', { failureCode: 'UserErrorLater' });
    model.advance('PT4H');
    let jobs = model.history.jobs(instance, model.nowMs());
    expect(jobs.slice(0, pastIds.length).map((j) => j.id)).toEqual(pastIds);
    expect(jobs.at(-1)).toMatchObject({ outcome: 'Failed', error: { code: 'UserErrorLater' } });
    model.setBehaviour(instance.id, 'healthy');
    model.advance('PT4H');
    jobs = model.history.jobs(instance, model.nowMs());
    expect(jobs.at(-1)?.outcome).toBe('Completed');
    expect(jobs.at(-2)?.outcome).toBe('Failed');
  });
});
