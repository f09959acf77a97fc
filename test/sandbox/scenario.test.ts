import { describe, expect, it } from 'vitest';
import { createEstateModel, loadScenario, ScenarioError, type ScenarioInput } from '../../sandbox/estate/services/index.js';
import { verdictOf, type Verdict } from './modelSupport.js';

function errorOf(input: ScenarioInput): string {
  try {
    createEstateModel(loadScenario(input));
  } catch (error) {
    if (error instanceof ScenarioError) return error.message;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('default scenario', () => {
  const scenario = loadScenario();
  // Each description starts with the verdict the instance is meant to get at clock start.
  const intended = (description: string | undefined): Verdict =>
    (/^(ok|at-risk|breached|unknown)\b/.exec(description ?? '')?.[1] ?? 'none') as Verdict;

  // Any clock start must give the same verdicts: anchors and timelines are relative to it.
  it.each(['2026-01-01T00:00:00Z', '2026-07-15T13:37:42Z', new Date().toISOString()])(
    'gives every instance its intended verdict when started at %s',
    (start) => {
      const model = createEstateModel(scenario, { startAt: new Date(start), frozen: true });
      const verdicts = model.instances().map((i) => [i.name, verdictOf(model, i.name)]);
      expect(Object.fromEntries(verdicts)).toEqual(Object.fromEntries(model.instances().map((i) => [i.name, intended(i.description)])));
      const counts = verdicts.reduce<Record<string, number>>((acc, [, v]) => ({ ...acc, [v as string]: (acc[v as string] ?? 0) + 1 }), {});
      expect(counts).toEqual({ ok: 3, 'at-risk': 2, breached: 2, unknown: 4 });
    },
  );

  it('keeps its verdicts for the first 20 minutes of a run, then the at-risk transient failure breaches', () => {
    const model = createEstateModel(scenario, { startAt: new Date('2026-05-05T08:00:00Z'), frozen: true });
    model.advance('PT20M');
    expect(['prod-weu-shop', 'prod-weu-payments', 'prod-weu-catalog', 'prod-weu-orders'].map((n) => verdictOf(model, n))).toEqual([
      'ok',
      'at-risk',
      'at-risk',
      'breached',
    ]);
    model.advance('PT15M');
    expect(verdictOf(model, 'prod-weu-payments')).toBe('breached');
  });

  it('has a failing instance that keeps failing, also on demand, and a protection error that sync repairs', () => {
    const model = createEstateModel(scenario, { frozen: true });
    const orders = model.findInstance('prod-weu-orders')!;
    const job = model.triggerAdhocBackup(orders, { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: {} } });
    model.advance('PT4H10M');
    expect(job.outcome).toBe('Failed');
    expect(
      model
        .jobs(orders.vault)
        .filter((j) => j.instance === orders)
        .slice(0, 2)
        .every((j) => j.outcome === 'Failed'),
    ).toBe(true);
    const sandbox = model.findInstance('dev-weu-sandbox')!;
    expect(model.syncInstance(sandbox)).toBe(true);
  });

  it('spans two subscriptions with tiered clusters and namespaces', () => {
    const model = createEstateModel(scenario);
    expect(model.subscriptions).toHaveLength(2);
    expect(model.clusters().map((c) => c.tags['backup-tier'])).toEqual(['Standard', undefined, 'Critical', undefined]);
    expect(model.vaults(model.subscriptions[1]!.id).map((v) => v.name)).toEqual(['bv-dev-weu']);
    const policies = model.vaults().flatMap((v) => [...v.policies.values()].map((p) => p.interval));
    expect(new Set(policies)).toEqual(new Set(['PT4H', 'P1D', 'PT12H']));
  });
});

describe('scenario validation', () => {
  it('names the field path of schema errors', () => {
    const message = errorOf({ vaults: [{ name: 'bv', resourceGroup: 'rg', policies: [{ name: 'p', interval: 'P1M' }] }] });
    expect(message).toContain('vaults[0].policies[0].interval');
    expect(errorOf({ clusters: [{ name: 'a', resourceGroup: 'rg', namespaces: [{ name: 'Bad_Name' }] }] })).toContain(
      'clusters[0].namespaces[0].name',
    );
    expect(errorOf({ unknownKey: true } as ScenarioInput)).toMatch(/unknownKey/);
  });

  it('names the field path of broken references', () => {
    expect(
      errorOf({
        vaults: [
          { name: 'bv', resourceGroup: 'rg', policies: [{ name: 'p' }], instances: [{ name: 'bi', cluster: 'missing', policy: 'p' }] },
        ],
      }),
    ).toContain('vaults[0].instances[0].cluster');
    expect(
      errorOf({
        clusters: [{ name: 'c', resourceGroup: 'rg' }],
        vaults: [{ name: 'bv', resourceGroup: 'rg', instances: [{ name: 'bi', cluster: 'c', policy: 'nope' }] }],
      }),
    ).toContain('vaults[0].instances[0].policy');
    expect(errorOf({ clusters: [{ name: 'c', resourceGroup: 'rg', subscription: 'other' }] })).toContain('clusters[0].subscription');
  });

  it('reports unreadable files with their path', () => {
    expect(() => loadScenario('/nonexistent/scenario.json')).toThrow(/nonexistent\/scenario\.json/);
  });
});

describe('bench scenario', () => {
  it('loads 5,000 instances in 50 vaults quickly and answers list calls fast', () => {
    const started = performance.now();
    const model = createEstateModel(loadScenario(new URL('../../sandbox/scenarios/bench.json', import.meta.url).pathname), {
      frozen: true,
    });
    const loadMs = performance.now() - started;
    expect(model.vaults()).toHaveLength(50);
    expect(model.instances()).toHaveLength(5000);
    expect(loadMs).toBeLessThan(2000);

    const vault = model.vaults()[7]!;
    const listStarted = performance.now();
    const instances = model.instances(vault).map((i) => model.protection(i));
    const jobs = model.jobs(vault);
    const points = model.recoveryPoints(model.instances(vault)[0]!);
    expect(instances).toHaveLength(100);
    expect(jobs.length).toBeGreaterThan(1000);
    expect(points.length).toBeGreaterThan(0);
    expect(performance.now() - listStarted).toBeLessThan(500);

    const mix = model
      .instances()
      .reduce<Record<string, number>>((acc, i) => ({ ...acc, [model.behaviour(i)]: (acc[model.behaviour(i)] ?? 0) + 1 }), {});
    expect(mix.healthy).toBeGreaterThan(4000);
    expect(mix.failing).toBeGreaterThan(100);
    expect(mix.suspended).toBeGreaterThan(100);
    const neverBackedUp = model.instances(vault).filter((i) => model.recoveryPoints(i).length === 0);
    expect(neverBackedUp.length).toBeGreaterThan(0);
  });
});
