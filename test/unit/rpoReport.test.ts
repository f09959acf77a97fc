// The RPO use case over in-memory ports (no SDK involved): which path answers, what is confirmed, filters, fallbacks.
import { describe, expect, it } from 'vitest';
import type { RecoveryPointFact } from '../../shared/domain/rpo/rpo.js';
import type { FastFacts } from '../../shared/domain/rpo/rpoEvidence.js';
import type { ScheduleFact, Tags } from '../../shared/domain/rpo/rpoTarget.js';
import { DEFAULT_TIERS } from '../../shared/domain/rpo/tiers.js';
import type { BackupInventory, FleetInstanceFact, FleetReader, InstanceFact, SubscriptionCensus } from '../../shared/usecases/ports.js';
import { InstanceNotFoundError, RpoReporter, type RpoSettings } from '../../shared/usecases/rpo/rpoReport.js';

const MIN = 60_000;
const H = 60 * MIN;
const now = new Date('2026-11-21T12:30:00Z');
const ago = (ms: number): Date => new Date(now.getTime() - ms);
const SUB_ID = '11111111-1111-1111-1111-111111111111';
const SUB = `/subscriptions/${SUB_ID}`;
const vaultId = `${SUB}/resourceGroups/rg-b/providers/Microsoft.DataProtection/backupVaults/bv-1`;
const clusterId = (name: string): string => `${SUB}/resourceGroups/rg-a/providers/Microsoft.ContainerService/managedClusters/${name}`;
const POLICY = `${vaultId}/backupPolicies/p4h`;
const HIDDEN = `${vaultId}/backupPolicies/hidden`;
const every4h: ScheduleFact = { ruleName: 'BackupHourly', repeatingTimeIntervals: ['R/2026-01-01T02:00:00+00:00/PT4H'] }; // last slot 10:00

const settings: RpoSettings = {
  graceMs: H,
  defaultTargetMs: 24 * H,
  atRiskShare: 0.8,
  rpoTagName: 'rpo',
  tierTagName: 'backup-tier',
  tiers: DEFAULT_TIERS,
  confirmMarginMs: 15 * MIN,
  concurrency: 4,
};

function instance(name: string, fast: Partial<FastFacts>, over: Partial<FleetInstanceFact> = {}): FleetInstanceFact {
  return {
    id: `${vaultId}/backupInstances/${name}`,
    name,
    vaultId,
    vaultName: 'bv-1',
    clusterId: clusterId(`aks-${name}`),
    clusterName: `aks-${name}`,
    policyId: POLICY,
    protectionState: 'ProtectionConfigured',
    protectionError: undefined,
    tags: {},
    clusterTags: {},
    fast: { lastSuccess: undefined, lastJob: undefined, lastUnsettled: undefined, ...fast },
    ...over,
  };
}

const at1002 = ago(2.5 * H - 2 * MIN);
const fleetInstances = [
  instance('fresh', { lastSuccess: at1002, lastJob: at1002 }),
  instance('late', { lastSuccess: ago(8.5 * H), lastJob: at1002 }), // breached, the 10:00 job failed: RG decides
  instance('new', {}), // never backed up: confirmed
  instance('lagging', { lastSuccess: ago(6.5 * H), lastJob: ago(6.5 * H) }), // no job for the 10:00 slot: confirmed
  instance('hidden-policy', { lastSuccess: at1002, lastJob: at1002 }, { policyId: HIDDEN }),
  instance('dev', {}, { tags: { 'backup-tier': 'Development' } }),
];

class FakeInventory implements BackupInventory {
  readonly reads: string[] = [];
  readonly policyReads: string[] = [];
  points = new Map<string, RecoveryPointFact[]>([
    [fleetInstances[2]!.id, []],
    [fleetInstances[3]!.id, [{ time: ago(2.4 * H), state: 'Completed' }]], // the API knows a newer point than RG
  ]);
  failing = new Set<string>();
  /** What listing the subscription's vaults fails with, if anything. */
  censusError: unknown;
  constructor(private readonly all: InstanceFact[] = fleetInstances) {}
  listInstances = (): Promise<InstanceFact[]> => Promise.resolve(this.all);
  census = (): Promise<SubscriptionCensus[]> =>
    Promise.resolve([
      this.censusError === undefined
        ? { subscriptionId: SUB_ID, vaults: [{ id: vaultId, name: 'bv-1', instances: this.all }] }
        : { subscriptionId: SUB_ID, vaults: [], error: this.censusError },
    ]);
  getInstance = (id: string): Promise<InstanceFact | undefined> =>
    Promise.resolve(this.all.find((i) => i.id.toLowerCase() === id.toLowerCase()));
  getSchedule = (policyId: string): Promise<ScheduleFact | undefined> => {
    this.policyReads.push(policyId);
    return policyId.toLowerCase() === HIDDEN.toLowerCase()
      ? Promise.reject(Object.assign(new Error('denied'), { statusCode: 403, code: 'AuthorizationFailed' }))
      : Promise.resolve(every4h);
  };
  clusterTags = (): Promise<Tags | undefined> => Promise.resolve(undefined);
  recoveryPoints = (id: string, since?: Date): Promise<RecoveryPointFact[]> => {
    this.reads.push(id);
    if (this.failing.has(id)) return Promise.reject(Object.assign(new Error('boom'), { statusCode: 500 }));
    const all = this.points.get(id) ?? [{ time: ago(H), state: 'Completed' }];
    return Promise.resolve(all.filter((p) => !since || p.time >= since));
  };
}

const snapshotOf = (instances: FleetInstanceFact[]): FleetReader => ({
  snapshot: () => Promise.resolve({ instances, schedules: new Map([[POLICY.toLowerCase(), every4h]]) }),
});

function reporter(fleet: FleetReader | undefined, inventory: FakeInventory, calls = { n: 0 }): RpoReporter {
  return new RpoReporter({ inventory: () => inventory, fleet, armCalls: () => (calls.n += 5) }, { now: () => now }, settings);
}

describe('RpoReporter: the fleet fast path', () => {
  it('settles what Resource Graph can and reads recovery points only for the rest', async () => {
    const inventory = new FakeInventory();
    const r = await reporter(snapshotOf(fleetInstances), inventory).run();
    const by = Object.fromEntries(r.instances.map((i) => [i.name, i]));
    expect(by.fresh).toMatchObject({ verdict: 'ok', evidence: 'resource-graph', latestRecoveryPoint: at1002.toISOString() });
    expect(by.late).toMatchObject({ verdict: 'breached', evidence: 'resource-graph' });
    expect(by.new).toMatchObject({ verdict: 'unknown', evidence: 'recovery-points', reason: 'no completed recovery point exists yet' });
    expect(by.lagging).toMatchObject({ verdict: 'ok', evidence: 'recovery-points', ageSeconds: 2.4 * 3600 });
    expect(by.lagging?.evidenceDetail).toContain('no job for the backup scheduled at 2026-11-21T10:00:00.000Z');
    expect(by.dev).toMatchObject({ verdict: 'ok', targetRpo: null, evidence: 'resource-graph' });
    expect(inventory.reads.sort()).toEqual([fleetInstances[2]!.id, fleetInstances[3]!.id].sort());
    expect(r.summary).toEqual({ total: 6, ok: 4, atRisk: 0, breached: 1, unknown: 1 });
    expect(r.armCalls).toBe(5);
    expect(r.warnings).toEqual([]);
  });

  it('reads a policy Resource Graph lacks once, and falls back to the default target when it cannot be read', async () => {
    const twice = [...fleetInstances, instance('hidden-2', { lastSuccess: at1002, lastJob: at1002 }, { policyId: HIDDEN.toUpperCase() })];
    const inventory = new FakeInventory(twice);
    const r = await reporter(snapshotOf(twice), inventory).run();
    expect(inventory.policyReads).toHaveLength(1);
    expect(r.instances.find((i) => i.name === 'hidden-policy')).toMatchObject({
      targetSource: 'default',
      targetRpo: 'P1D',
      targetDetail: 'default target (policy hidden could not be read (403 AuthorizationFailed))',
    });
  });

  it('keeps Resource Graph’s verdict when a confirmation read fails, and says so', async () => {
    const inventory = new FakeInventory();
    inventory.failing.add(fleetInstances[3]!.id);
    inventory.failing.add(fleetInstances[2]!.id);
    const r = await reporter(snapshotOf(fleetInstances), inventory).run();
    const lagging = r.instances.find((i) => i.name === 'lagging');
    expect(lagging).toMatchObject({ verdict: 'breached', evidence: 'resource-graph' });
    expect(lagging?.evidenceDetail).toContain('recovery points could not be read (500');
    expect(r.instances.find((i) => i.name === 'new')).toMatchObject({
      verdict: 'unknown',
      reason: 'recovery points could not be read (500 boom)',
    });
  });

  it('falls back to the DataProtection API when Resource Graph fails, with a warning', async () => {
    const inventory = new FakeInventory();
    const broken: FleetReader = { snapshot: () => Promise.reject(Object.assign(new Error('throttled'), { statusCode: 429 })) };
    const r = await reporter(broken, inventory).run();
    expect(r.summary.total).toBe(6);
    expect(r.warnings).toEqual([
      'Resource Graph could not be queried (429 throttled); every instance was read from the DataProtection API',
    ]);
    expect(r.instances.every((i) => i.evidence === 'recovery-points')).toBe(true);
    expect(new Set(inventory.reads).size).toBe(6);
  });

  it('takes the direct path for every instance when there is no fleet reader', async () => {
    const r = await reporter(undefined, new FakeInventory()).run();
    expect(r.instances.map((i) => i.evidence)).toEqual(Array(6).fill('recovery-points'));
  });
});

describe('RpoReporter: Resource Graph cross-checked against the DataProtection API', () => {
  it.each([
    ['answers empty', [] as FleetInstanceFact[], 0],
    ['answers a subset', fleetInstances.slice(0, 4), 4],
  ])('judges the whole vault from the DataProtection API when Resource Graph %s, and says so', async (_how, shown, count) => {
    const inventory = new FakeInventory();
    const r = await reporter(snapshotOf(shown), inventory).run();
    expect(r.summary.total).toBe(6);
    expect(r.instances.every((i) => i.evidence === 'recovery-points')).toBe(true);
    expect(r.instances[0]?.evidenceDetail).toBe('Resource Graph disagrees with the DataProtection API about vault bv-1');
    expect(new Set(inventory.reads).size).toBe(6);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toContain(
      `Resource Graph shows ${count} of the 6 AKS backup instances the DataProtection API lists in subscription ${SUB_ID}`,
    );
    expect(r.warnings[0]).toContain(`bv-1: 6 in the DataProtection API, ${count} in Resource Graph`);
  });

  it('drops what Resource Graph shows in a vault the DataProtection API does not list', async () => {
    const ghost = instance(
      'ghost',
      { lastSuccess: at1002, lastJob: at1002 },
      { vaultId: `${SUB}/resourceGroups/rg-b/providers/Microsoft.DataProtection/backupVaults/bv-gone`, vaultName: 'bv-gone' },
    );
    const r = await reporter(
      snapshotOf([...fleetInstances, { ...ghost, id: `${ghost.vaultId}/backupInstances/ghost` }]),
      new FakeInventory(),
    ).run();
    expect(r.instances.map((i) => i.name)).not.toContain('ghost');
    expect(r.instances.filter((i) => i.evidence === 'resource-graph').length).toBeGreaterThan(0);
    expect(r.warnings[0]).toContain('bv-gone: 1 in Resource Graph, a vault the DataProtection API does not list');
  });

  it('uses Resource Graph unchecked, with a warning, when the DataProtection API cannot list the subscription', async () => {
    const inventory = new FakeInventory();
    inventory.censusError = Object.assign(new Error('denied'), { statusCode: 403, code: 'AuthorizationFailed' });
    const r = await reporter(snapshotOf(fleetInstances), inventory).run();
    expect(r.instances.find((i) => i.name === 'fresh')?.evidence).toBe('resource-graph');
    expect(r.warnings).toEqual([
      `could not cross-check subscription ${SUB_ID} against the DataProtection API (403 AuthorizationFailed); Resource Graph's answer for it is used unchecked`,
    ]);
  });
});

describe('RpoReporter: filters', () => {
  const run = (query: Parameters<RpoReporter['run']>[0]) => reporter(snapshotOf(fleetInstances), new FakeInventory()).run(query);
  it.each([
    [{ cluster: 'AKS-LATE' }, ['late']],
    [{ cluster: clusterId('aks-new').toLowerCase() }, ['new']],
    [{ vault: 'bv-1' }, ['dev', 'fresh', 'hidden-policy', 'lagging', 'late', 'new']],
    [{ vault: `${vaultId.toUpperCase()}/` }, ['dev', 'fresh', 'hidden-policy', 'lagging', 'late', 'new']],
    [{ vault: 'bv-2' }, []],
    [{ verdicts: ['breached', 'unknown'] as const }, ['late', 'new']],
    [{ cluster: 'aks-fresh', verdicts: ['breached'] as const }, []],
  ])('%j → %j', async (query, names) => {
    const r = await run(query);
    expect(r.instances.map((i) => i.name).sort()).toEqual(names);
    expect(r.summary.total).toBe(names.length);
  });

  it('only confirms the instances that pass the filter', async () => {
    const inventory = new FakeInventory();
    await reporter(snapshotOf(fleetInstances), inventory).run({ cluster: 'aks-fresh' });
    expect(inventory.reads).toEqual([]);
  });
});

describe('RpoReporter: one instance', () => {
  it('answers from the direct APIs', async () => {
    const inventory = new FakeInventory();
    const r = await reporter(snapshotOf([]), inventory).run({ instanceId: fleetInstances[0]!.id.toUpperCase() });
    expect(r.instances).toHaveLength(1);
    expect(r.instances[0]).toMatchObject({
      name: 'fresh',
      verdict: 'ok',
      evidence: 'recovery-points',
      evidenceDetail: 'single-instance check',
    });
  });
  it('is empty when the instance does not match the other filters', async () =>
    expect((await reporter(undefined, new FakeInventory()).run({ instanceId: fleetInstances[0]!.id, vault: 'other' })).summary.total).toBe(
      0,
    ));
  it('throws InstanceNotFoundError for an unknown id', () =>
    expect(reporter(undefined, new FakeInventory()).run({ instanceId: `${vaultId}/backupInstances/nope` })).rejects.toBeInstanceOf(
      InstanceNotFoundError,
    ));
});
