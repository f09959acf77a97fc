// The drill's reconcile step driven through a scripted world: the happy path, every failure route, and a tick that
// dies after any action (its record never written) — the drill still ends, and a restore is requested once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyOutcome, type DrillOutcome } from '../../../shared/domain/drill/apply.js';
import { drillEvents, stageDurations } from '../../../shared/domain/drill/outcome.js';
import { newDrill, type DrillRecord } from '../../../shared/domain/drill/record.js';
import { nextAction, type DrillAction, type DrillLimits } from '../../../shared/domain/drill/transition.js';

const MIN = 60_000;
const limits: DrillLimits = {
  maxAttempts: 3,
  jobVisibilityMs: 15 * MIN,
  maxRestoreRequests: 2,
  restoreTimeoutMs: 6 * 60 * MIN,
  verifyTimeoutMs: 60 * MIN,
  cleanupTimeoutMs: 30 * MIN,
};
const t0 = Date.parse('2026-12-05T01:00:00Z');
const start = (rtoTargetMs: number | null = 60 * MIN): DrillRecord =>
  newDrill({ id: 'd1', instanceId: '/bi/shop', clusterId: '/aks/k1', period: '2026-12', trigger: 'schedule', rtoTargetMs }, new Date(t0));
const mapping = [{ source: 'shop', target: 'validation-shop-d1' }];

/** A world that answers each action; `restoreJobs` counts restore requests that reached Azure. */
class World {
  restoreRequests = 0;
  jobVisible = true;
  constructor(private readonly script: Partial<Record<DrillAction['kind'], (now: number) => DrillOutcome>> = {}) {}
  answer(a: DrillAction, now: number): DrillOutcome {
    const scripted = this.script[a.kind];
    if (scripted) return scripted(now);
    switch (a.kind) {
      case 'plan':
        return { kind: 'planned', recoveryPointId: 'rp-1', namespaces: mapping };
      case 'validate':
        return { kind: 'validated' };
      case 'create-namespaces':
        return { kind: 'namespaces-created' };
      case 'record-intent':
        return { kind: 'intent-recorded' };
      case 'trigger-restore':
        this.restoreRequests += 1;
        return { kind: 'restore-triggered', jobId: `job-${this.restoreRequests}` };
      case 'find-restore-job':
        return this.restoreRequests > 0 && this.jobVisible
          ? { kind: 'job-found', jobId: 'job-1', startedAt: undefined }
          : { kind: 'job-not-found' };
      case 'poll-restore-job':
        return { kind: 'job-succeeded', endedAt: new Date(now) };
      case 'verify':
        return {
          kind: 'verified',
          checks: [{ name: 'replicas-ready', ok: true, detail: 'all ready' }],
          pvcsBoundAt: new Date(now),
          podsReadyAt: new Date(now),
        };
      case 'delete-namespaces':
        return { kind: 'namespaces-gone' };
      case 'time-out':
        return { kind: 'failed', reason: a.reason };
      case 'none':
        throw new Error('nothing to do');
    }
  }
}

/**
 * Runs the loop as the use case will: one action, one outcome, one write. `crash(step)` kills the tick at that step:
 * 'before' the action is carried out, or 'after' it but before its record is written.
 */
function run(world: World, r0 = start(), opts: { stepMs?: number; crash?: (step: number) => 'before' | 'after' | undefined } = {}) {
  let stored = r0;
  let now = t0;
  let justWrote = false;
  const events: string[] = [];
  const stepMs = opts.stepMs ?? MIN;
  for (let step = 0; step < 200; step++) {
    const action = nextAction(stored, new Date(now), limits, justWrote);
    if (action.kind === 'none') return { record: stored, events, world, steps: step };
    const crash = opts.crash?.(step);
    justWrote = false;
    now += stepMs;
    if (crash === 'before') continue; // the next tick starts from what was stored, in a new process
    const next = applyOutcome(stored, world.answer(action, now - stepMs), new Date(now - stepMs), limits);
    if (crash === 'after') continue;
    events.push(...drillEvents(stored, next).map((e) => e.kind));
    justWrote = action.kind === 'record-intent';
    stored = next;
  }
  throw new Error('drill never finished');
}

describe('a drill that passes', () => {
  it('walks due → validating → preparing → restoring → verifying → cleaning → passed, with RTO and stage times', () => {
    const { record, events, world } = run(new World());
    expect(record.stage).toBe('passed');
    expect(Object.keys(record.stages)).toEqual(['due', 'validating', 'preparing', 'restoring', 'verifying', 'cleaning', 'passed']);
    expect(world.restoreRequests).toBe(1);
    expect(record.rtoMs).toBe(2 * MIN); // triggered, job polled a minute later, verified a minute after that
    expect(record.cleanup).toEqual({ status: 'done' });
    expect(events).toEqual(['DrillStarted', 'Validated']);
    expect(stageDurations(record)).toMatchObject({ restoreJob: MIN, verified: 2 * MIN });
  });
  it('announces RtoExceeded when the restore took longer than the target', () => {
    const { events } = run(new World(), start(MIN));
    expect(events).toEqual(['DrillStarted', 'Validated', 'RtoExceeded']);
  });
  it('never judges a best-effort (Development) instance', () => {
    const { events, record } = run(new World(), start(null));
    expect(record.stage).toBe('passed');
    expect(events).not.toContain('RtoExceeded');
  });
});

describe('a drill that fails says where and why, and cleans up what it created', () => {
  it('validateRestore refused: failed at validating, nothing to clean', () => {
    const { record, events } = run(new World({ validate: () => ({ kind: 'failed', reason: 'UserErrorRestoreNotAllowed' }) }));
    expect(record).toMatchObject({ stage: 'failed', failure: { stage: 'validating', reason: 'UserErrorRestoreNotAllowed' } });
    expect(record.stages.cleaning).toBeUndefined();
    expect(events).toEqual(['DrillStarted', 'ValidationFailed']);
  });
  it('restore job failed: through cleaning to failed', () => {
    const { record } = run(new World({ 'poll-restore-job': () => ({ kind: 'failed', reason: 'job failed: UserErrorPVCNotBound' }) }));
    expect(record).toMatchObject({ stage: 'failed', failure: { stage: 'restoring' }, cleanup: { status: 'done' } });
  });
  it('isolation broken: failed at verifying without checks, cleaned up', () => {
    const { record } = run(new World({ verify: () => ({ kind: 'failed', reason: 'restored volume pv-1 is bound to a source disk' }) }));
    expect(record).toMatchObject({
      stage: 'failed',
      failure: { stage: 'verifying', reason: expect.stringContaining('source disk') as string },
    });
    expect(record.checks).toBeUndefined();
    expect(record.stages.cleaning).toBeDefined();
  });
  it('pods never ready: times out in verifying after the limit', () => {
    const { record } = run(new World({ verify: () => ({ kind: 'not-ready', detail: 'not ready: Deployment/api' }) }), start(), {
      stepMs: 10 * MIN,
    });
    expect(record.failure).toMatchObject({ stage: 'verifying', reason: expect.stringMatching(/not ready after \d+ min/) as string });
  });
  it('a namespace stuck Terminating: the verdict stands, cleanup is reported failed for the sweeper', () => {
    const { record, events } = run(
      new World({ 'delete-namespaces': () => ({ kind: 'still-terminating', detail: 'validation-shop-d1 Terminating' }) }),
      start(),
      {
        stepMs: 10 * MIN,
      },
    );
    expect(record.stage).toBe('passed');
    expect(record.cleanup?.status).toBe('failed');
    expect(events).toEqual(['DrillStarted', 'Validated', 'CleanupFailed']);
  });
  it('throttling spends the stage budget, then fails there; a success in between resets it', () => {
    const throttled = run(new World({ validate: () => ({ kind: 'transient', error: '429 Too Many Requests' }) }));
    expect(throttled.record.failure).toEqual({ stage: 'validating', reason: '429 Too Many Requests (3 attempts)' });
    let calls = 0;
    const flaky = run(new World({ validate: () => (++calls % 3 === 0 ? { kind: 'validated' } : { kind: 'transient', error: '503' }) }));
    expect(flaky.record.stage).toBe('passed');
  });
});

describe('a tick that dies', () => {
  it('right after sending the restore: the next tick finds the job and never sends another', () => {
    let sent = false;
    const world = new World();
    const answer = world.answer.bind(world);
    world.answer = (a, now) => {
      const o = answer(a, now);
      if (a.kind === 'trigger-restore') sent = true;
      return o;
    };
    const { record } = run(world, start(), { crash: (step) => (sent && step === 4 ? 'after' : undefined) });
    expect(world.restoreRequests).toBe(1);
    expect(record.stage).toBe('passed');
    expect(record.restoreJobId).toBe('job-1');
  });
  it('after writing the intent but before sending: waits out the visibility window, then sends once', () => {
    const world = new World();
    // step 3 writes the intent; step 4 (the request) dies before it leaves, so the next tick sees a "maybe sent"
    // intent, looks for its job until the visibility window has passed, and only then sends.
    const { record, steps } = run(world, start(), { crash: (step) => (step === 4 ? 'before' : undefined) });
    expect(world.restoreRequests).toBe(1);
    expect(steps).toBeGreaterThan(4 + limits.jobVisibilityMs / MIN);
    expect(record.stage).toBe('passed');
    expect(record.restoreRequests).toBe(2);
  });
  it('a request that never shows a job is sent again only once, then the drill fails', () => {
    const world = new World();
    world.jobVisible = false;
    world.answer = ((orig) => (a: DrillAction, now: number) =>
      a.kind === 'trigger-restore' ? (world.restoreRequests++, { kind: 'transient', error: 'connection reset' } as const) : orig(a, now))(
      world.answer.bind(world),
    );
    const { record } = run(world, start(), { stepMs: 5 * MIN });
    expect(world.restoreRequests).toBe(2);
    expect(record).toMatchObject({
      stage: 'failed',
      failure: { stage: 'restoring', reason: expect.stringContaining('no restore job appeared') as string },
    });
  });
  it('at any step, any number of times: the drill ends, and at most one restore reaches Azure while jobs show up in time', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('before', 'after', undefined), { minLength: 40, maxLength: 40 }), (crashes) => {
        const world = new World();
        const { record } = run(world, start(), { crash: (step) => crashes[step] });
        expect(['passed', 'failed']).toContain(record.stage);
        expect(world.restoreRequests).toBeLessThanOrEqual(1);
        if (record.stage === 'passed') expect(record.cleanup?.status).toBe('done');
      }),
      { numRuns: 300 },
    );
  });
});
