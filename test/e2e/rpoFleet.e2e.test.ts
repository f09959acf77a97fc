// The fleet fast path on a generated estate (120 instances, tiered clusters, failing/suspended/new instances): what it
// costs in ARM calls, and that it reaches the same verdicts as reading every instance's recovery points.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { parseDuration } from '../../shared/domain/duration.js';
import type { RpoInstanceReport, RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({
    port: 0,
    timers: 'manual',
    log: () => undefined,
    throttle: false,
    scenario: {
      name: 'fleet',
      subscriptions: [{ id: '5a7e2c91-3b4d-4f68-8e1a-9c2d7b6f0e35', name: 'fleet' }],
      generate: { vaults: 6, instancesPerVault: 20, mix: { healthy: 0.7, failing: 0.1, suspended: 0.1, neverBackedUp: 0.1 }, seed: 11 },
    },
  });
});
afterAll(() => stack?.close());

const report = async (): Promise<RpoReport> => {
  const res = await fetch(`${stack.url}/api/rpo`);
  expect(res.status).toBe(200);
  return (await res.json()) as RpoReport;
};

/** Within a few seconds of a verdict boundary the two checks, run a moment apart on a live clock, may differ. */
const nearBoundary = (i: RpoInstanceReport): boolean => {
  const target = i.targetRpo === null ? undefined : parseDuration(i.targetRpo);
  if (target === undefined || i.ageSeconds === null) return false;
  return [target, 0.8 * target].some((edge) => Math.abs(i.ageSeconds! * 1000 - edge) < 10_000);
};

it('judges 120 instances with a handful of ARM calls', async () => {
  const r = await report();
  expect(r.summary.total).toBe(120);
  expect(r.warnings).toEqual([]);
  const confirmed = r.instances.filter((i) => i.evidence === 'recovery-points').length;
  // Four Resource Graph queries, the cross-check's lists (one for the subscription, one per vault), one read per
  // distinct policy it lacks (none here), one or two per confirmed instance.
  expect(r.armCalls).toBeLessThanOrEqual(4 + 1 + 6 + 2 * confirmed);
  expect(r.armCalls).toBeLessThan(r.summary.total / 3);
  expect(r.summary.breached).toBeGreaterThan(0);
  expect(new Set(r.instances.map((i) => i.targetSource))).toEqual(new Set(['cluster-tag']));
});

it('agrees with the direct read of every instance', async () => {
  const fast = await report();
  stack.estate!.control.faults.add({ kind: 'status', status: 500, service: 'resourceGraph', times: Infinity });
  const direct = await report();
  stack.estate!.control.faults.clear();
  expect(direct.warnings).toHaveLength(1);
  expect(direct.armCalls).toBeGreaterThan(3 * fast.armCalls);
  const slow = new Map(direct.instances.map((i) => [i.id, i]));
  for (const f of fast.instances) {
    const d = slow.get(f.id)!;
    expect([d.targetRpo, d.targetSource], f.name).toEqual([f.targetRpo, f.targetSource]);
    if (d.latestRecoveryPoint !== f.latestRecoveryPoint || nearBoundary(f)) continue; // a backup landed in between
    expect(d.verdict, f.name).toBe(f.verdict);
  }
  const landed = fast.instances.filter((f) => slow.get(f.id)?.latestRecoveryPoint !== f.latestRecoveryPoint);
  expect(landed.length).toBeLessThan(5);
});

it('still answers when Resource Graph throttles', async () => {
  stack.estate!.control.faults.add({ kind: 'throttle', service: 'resourceGraph', retryAfterSeconds: 0, times: 4 });
  const r = await report();
  expect(stack.estate!.control.faults.list()[0]?.hits).toBe(4);
  expect(r.warnings).toEqual([]);
  expect(r.summary.total).toBe(120);
});
