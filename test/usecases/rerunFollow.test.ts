// RerunFollower on the fakes: every triggered re-run is followed to its end and reported once; a failed re-run is the
// instance's next failure, re-run within the budget and backoff until Exhausted; nothing is dropped when Azure or
// Event Grid fail for a tick.
import { describe, expect, it } from 'vitest';
import { HOUR, MINUTE } from '../support/fakes/index.js';
import { remediationWorld } from './remediationWorld.js';

const TRANSIENT = 'UserErrorKubernetesApiServerUnreachable';

async function triggered(w: ReturnType<typeof remediationWorld>, name: string, guid: string) {
  const event = w.failure(name, guid, TRANSIENT);
  const r = await w.a.remediator.onJobFailed(event);
  if (r.outcome !== 'triggered' || !r.rerunJobId) throw new Error(`expected a re-run, got ${r.outcome}: ${r.reason}`);
  return { event, rerunJobId: r.rerunJobId };
}

describe('RerunFollower', () => {
  it('reports a re-run that succeeded once, with its attempt and budget, and then leaves it alone', async () => {
    const w = remediationWorld();
    const { event, rerunJobId } = await triggered(w, 'prod-weu-payments', 'job-1');
    expect(await w.a.follower.run()).toEqual([{ failedJobId: event.data.jobId, rerunJobId, step: 'running' }]);
    w.clock.advance(10 * MINUTE);
    w.rerunner.finish(rerunJobId, 'Completed');
    expect((await w.b.follower.run()).map((s) => s.step)).toEqual(['succeeded']);
    expect(await w.a.follower.run()).toEqual([]);
    const succeeded = w.publisher.ofType('Autopilot.Rerun.Succeeded');
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.data).toMatchObject({ failedJobId: event.data.jobId, rerunJobId, attempt: 1, budget: 3, errorCode: null });
    expect(w.record(event.data.jobId)?.claim).toMatchObject({ status: 'finished', outcome: 'rerun-succeeded' });
    expect(await w.b.remediator.onJobFailed(event)).toMatchObject({ outcome: 'duplicate' });
  });

  it('a failure that keeps failing is re-run budget times with backoff, then Exhausted once; never more', async () => {
    const w = remediationWorld();
    await triggered(w, 'prod-weu-orders', 'job-2');
    const startedAt: number[] = [w.clock.now().getTime()];
    // Follow every five minutes for a day, failing each re-run ten minutes after it started.
    for (let tick = 0; tick < 12 * 12; tick++) {
      w.clock.advance(5 * MINUTE);
      for (const s of w.rerunner.starts) {
        const j = s.jobId && w.feed.find(s.jobId);
        if (j && j.status === 'InProgress' && w.clock.now().getTime() - j.startTime!.getTime() >= 10 * MINUTE) {
          w.rerunner.finish(j.id, 'Failed', TRANSIENT);
        }
      }
      const before = w.rerunner.starts.length;
      await w.a.follower.run();
      if (w.rerunner.starts.length > before) startedAt.push(w.clock.now().getTime());
    }
    expect(w.rerunner.starts).toHaveLength(3);
    // PT15M after the first attempt, then PT30M after the second (doubling, under BACKOFF_MAX).
    const gaps = startedAt.slice(1).map((t, i) => (t - startedAt[i]!) / MINUTE);
    expect(gaps[0]).toBeGreaterThanOrEqual(15);
    expect(gaps[1]).toBeGreaterThanOrEqual(30);
    expect(w.publisher.ofType('Autopilot.Rerun.Failed').map((e) => e.data.attempt)).toEqual([1, 2, 3]);
    const exhausted = w.publisher.ofType('Autopilot.Remediation.Exhausted');
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0]?.data).toMatchObject({ rule: 'budget', used: 3, budget: 3, resetsAt: '2026-11-22T00:00:00.000Z' });
  });

  it('a re-run that stays in progress is reported failed after the follow timeout (PT6H), and not followed again', async () => {
    const w = remediationWorld();
    const { rerunJobId } = await triggered(w, 'prod-weu-shop', 'job-3');
    w.clock.advance(6 * HOUR - MINUTE);
    expect((await w.a.follower.run()).map((s) => s.step)).toEqual(['running']);
    w.clock.advance(MINUTE);
    expect(await w.a.follower.run()).toMatchObject([{ step: 'timed-out', rerunJobId }]);
    expect(w.publisher.ofType('Autopilot.Rerun.Failed')[0]?.data).toMatchObject({ rerunJobId, errorCode: 'RerunInProgress' });
    expect(await w.a.follower.run()).toEqual([]);
    expect(w.rerunner.starts).toHaveLength(1);
  });

  it('a re-run whose job cannot be read is reported as an error and followed again next tick', async () => {
    const w = remediationWorld();
    const { rerunJobId } = await triggered(w, 'prod-weu-catalog', 'job-4');
    w.rerunner.finish(rerunJobId, 'Completed');
    w.rerunner.jobReadFailures.add('503 Service Unavailable after retries');
    expect(await w.a.follower.run()).toMatchObject([{ step: 'error', error: '503 Service Unavailable after retries' }]);
    expect(w.publisher.events).toEqual([]);
    expect((await w.a.follower.run()).map((s) => s.step)).toEqual(['succeeded']);
    expect(w.publisher.ofType('Autopilot.Rerun.Succeeded')).toHaveLength(1);
  });

  it('a publish that fails leaves the re-run followed; the next tick publishes the same event id', async () => {
    const w = remediationWorld();
    const { event, rerunJobId } = await triggered(w, 'prod-neu-shop', 'job-5');
    w.rerunner.finish(rerunJobId, 'Completed');
    w.publisher.failures.add('Event Grid unavailable');
    expect(await w.a.follower.run()).toMatchObject([{ step: 'error' }]);
    expect(w.record(event.data.jobId)?.claim.status).toBe('triggered');
    expect((await w.a.follower.run()).map((s) => s.step)).toEqual(['succeeded']);
    expect(w.publisher.distinctIds('Autopilot.Rerun.Succeeded')).toHaveLength(1);
  });

  it('two ticks finishing the same re-run at once publish the same event id; one records it', async () => {
    const w = remediationWorld();
    const { rerunJobId } = await triggered(w, 'prod-neu-orders', 'job-6');
    w.rerunner.finish(rerunJobId, 'Completed');
    const steps = (await Promise.all([w.a.follower.run(), w.b.follower.run()])).flat();
    expect(steps.map((s) => s.step)).toEqual(['succeeded']);
    expect(w.publisher.distinctIds('Autopilot.Rerun.Succeeded')).toHaveLength(1);
  });
});
