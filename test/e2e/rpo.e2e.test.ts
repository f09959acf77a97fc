// The whole local stack — estate, Azurite, local host loading functions/*.ts — started in-process, and GET /api/rpo
// called over real HTTP, as a user (or Azure Monitor) would call it.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import type { LogEntry } from '../../sandbox/host/index.js';
import type { RpoInstanceReport, RpoReport } from '../../shared/usecases/rpo/rpoReport.js';

let stack: LocalStack;
const logs: LogEntry[] = [];

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: (e) => void logs.push(e) });
});
afterAll(() => stack?.close());
beforeEach(() => {
  stack.estate!.control.faults.clear();
  stack.estate!.control.latency.reset();
});

const get = async (query = ''): Promise<{ status: number; body: unknown }> => {
  const res = await fetch(`${stack.url}/api/rpo${query}`);
  return { status: res.status, body: await res.json() };
};
const report = async (query = ''): Promise<RpoReport> => {
  const { status, body } = await get(query);
  expect(status).toBe(200);
  return body as RpoReport;
};
const byName = (r: RpoReport, name: string): RpoInstanceReport => {
  const found = r.instances.find((i) => i.name === name);
  if (!found) throw new Error(`no instance ${name} in report`);
  return found;
};

describe('GET /api/rpo', () => {
  it('judges every instance of the default scenario, with each verdict present', async () => {
    const r = await report();
    const model = stack.estate!.model;
    expect(r.summary).toEqual({ total: model.instances().length, ok: 3, atRisk: 2, breached: 2, unknown: 4 });
    for (const i of r.instances) {
      expect(i.id).toMatch(/\/backupVaults\/[^/]+\/backupInstances\/[^/]+$/);
      if (i.targetRpo !== null) expect(i.targetRpo).toMatch(/^P(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?$/);
      expect(['instance-tag', 'cluster-tag', 'policy-schedule', 'default']).toContain(i.targetSource);
      expect(['resource-graph', 'recovery-points']).toContain(i.evidence);
      expect(i.reason.length).toBeGreaterThan(10);
      if (i.latestRecoveryPoint !== null) expect(Date.parse(i.latestRecoveryPoint)).toBeLessThanOrEqual(Date.parse(r.generatedAt));
    }
    expect(r.generatedAt).toBe(new Date(Date.parse(r.generatedAt)).toISOString());
    expect(r.warnings).toEqual([]);
  });

  it('reports ages measured on the estate clock, exactly as the estate recorded the recovery points', async () => {
    const r = await report();
    const model = stack.estate!.model;
    for (const name of ['prod-weu-shop', 'stage-weu-payments', 'prod-neu-search']) {
      const line = byName(r, name);
      const points = model.recoveryPoints(model.findInstance(name)!);
      const newest = Math.max(...points.map((p) => p.time));
      expect(line.latestRecoveryPoint, name).toBe(new Date(newest).toISOString());
      expect(line.ageSeconds, name).toBe(Math.floor((Date.parse(r.generatedAt) - newest) / 1000));
    }
  });

  it('answers for one instance by ARM id from the direct APIs', async () => {
    const all = await report();
    const target = byName(all, 'prod-weu-orders');
    const one = await report(`?instance=${encodeURIComponent(target.id)}`);
    expect(one.summary).toMatchObject({ total: 1, breached: 1 });
    expect(one.instances[0]).toMatchObject({
      id: target.id,
      verdict: 'breached',
      cluster: target.cluster,
      vault: target.vault,
      targetRpo: 'PT15M',
      targetSource: 'cluster-tag',
      latestRecoveryPoint: target.latestRecoveryPoint,
      evidence: 'recovery-points',
    });
  });

  it('answers one instance in well under 2 s with 40 ms per Azure call', async () => {
    const id = byName(await report(), 'dev-weu-sandbox').id;
    stack.estate!.control.latency.set(40);
    const started = performance.now();
    const one = await report(`?instance=${encodeURIComponent(id)}`);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(one.armCalls).toBeLessThanOrEqual(5);
    expect(one.instances[0]).toMatchObject({ name: 'dev-weu-sandbox', verdict: 'unknown', targetSource: 'cluster-tag' });
  });

  it('names the parameter when the instance id is malformed', async () => {
    const { status, body } = await get('?instance=prod-weu-orders');
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'InvalidParameter', parameter: 'instance' } });
  });

  it('answers 404 for an instance that does not exist', async () => {
    const sub = stack.estate!.model.subscriptions[0]!.id;
    const id = `/subscriptions/${sub}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/nope/backupInstances/nope`;
    const { status, body } = await get(`?instance=${encodeURIComponent(id)}`);
    expect(status).toBe(404);
    expect(body).toMatchObject({ error: { code: 'InstanceNotFound' } });
  });

  it('keeps answering through throttling, and isolates an instance whose reads keep failing', async () => {
    const faults = stack.estate!.control.faults;
    faults.add({ kind: 'throttle', service: 'resourceGraph', retryAfterSeconds: 0, times: 3 });
    faults.add({ kind: 'status', status: 500, path: 'backupInstances/stage-weu-shop/recoveryPoints$', times: Infinity });
    const r = await report();
    expect(faults.list()[0]?.hits).toBe(3);
    expect(r.warnings).toEqual([]);
    const broken = byName(r, 'stage-weu-shop');
    expect(broken.verdict).toBe('unknown');
    expect(broken.reason).toContain('recovery points could not be read');
    expect(byName(r, 'prod-weu-shop').verdict).toBe('ok');
  });

  it('falls back to the DataProtection API when Resource Graph keeps failing, with the same verdicts', async () => {
    const before = await report();
    stack.estate!.control.faults.add({ kind: 'status', status: 500, service: 'resourceGraph', times: Infinity });
    const r = await report();
    expect(r.warnings[0]).toContain('Resource Graph could not be queried (500');
    expect(r.instances.every((i) => i.evidence === 'recovery-points')).toBe(true);
    expect(r.instances.map((i) => [i.name, i.verdict, i.targetSource, i.targetRpo])).toEqual(
      before.instances.map((i) => [i.name, i.verdict, i.targetSource, i.targetRpo]),
    );
  });

  it('follows the estate clock: an at-risk instance breaches when time moves past its target', async () => {
    const before = byName(await report(), 'prod-weu-payments');
    expect(before.verdict).toBe('at-risk');
    // Keep it failing so no new recovery point lands while time moves on.
    stack.estate!.model.setBehaviour('prod-weu-payments', 'failing');
    stack.estate!.model.clock.advance('PT1H');
    const after = byName(await report(), 'prod-weu-payments');
    expect(after.verdict).toBe('breached');
    expect(after.ageSeconds! - before.ageSeconds!).toBeGreaterThanOrEqual(3600);
  });
});
