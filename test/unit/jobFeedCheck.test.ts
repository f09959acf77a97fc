// The detectors' job feed over in-memory ports: Resource Graph's answer is cross-checked once per run, and the jobs of
// every vault it is blind to — or of every vault, when it cannot be queried — come from the DataProtection jobs API.
import { describe, expect, it } from 'vitest';
import { CheckedJobFeed } from '../../shared/usecases/detection/jobFeedCheck.js';
import type { GraphJobSource, InstanceFact, JobFact, SubscriptionCensus, VaultJobSource } from '../../shared/usecases/ports.js';

const SUB = '11111111-1111-1111-1111-111111111111';
const vaultId = (name: string) => `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/${name}`;
const instanceId = (v: string, name: string) => `${vaultId(v)}/backupInstances/${name}`;
const from = new Date('2026-11-21T00:00:00Z');
const to = new Date('2026-11-21T12:00:00Z');
const at = (h: number) => new Date(from.getTime() + h * 3_600_000);

function job(v: string, name: string, n: number, status: string, end: Date | undefined): JobFact {
  return {
    id: `${vaultId(v)}/backupJobs/${name}-${n}`,
    instanceId: instanceId(v, name),
    instanceName: name,
    vault: v,
    cluster: null,
    operation: 'Backup',
    trigger: 'scheduled',
    status,
    startTime: end ? new Date(end.getTime() - 600_000) : at(11),
    endTime: end,
    errorCode: null,
    errorMessage: null,
    isRetryable: null,
    isUserError: null,
  };
}

const fact = (v: string, name: string): InstanceFact => ({
  id: instanceId(v, name),
  name,
  vaultId: vaultId(v),
  vaultName: v,
  clusterId: `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/aks-${name}`,
  clusterName: `aks-${name}`,
  policyId: `${vaultId(v)}/backupPolicies/p`,
  protectionState: 'ProtectionConfigured',
  protectionError: undefined,
});

// Vault a: instance one (failed at 2h, succeeded at 6h); vault b: instance two (failed at 4h, one still running).
const truth: Record<string, JobFact[]> = {
  'bv-a': [job('bv-a', 'one', 1, 'Failed', at(2)), job('bv-a', 'one', 2, 'Succeeded', at(6))],
  'bv-b': [job('bv-b', 'two', 1, 'Failed', at(4)), job('bv-b', 'two', 2, 'Started', undefined), job('bv-b', 'two', 0, 'Failed', at(-5))],
};
const census: SubscriptionCensus[] = [
  {
    subscriptionId: SUB,
    vaults: [
      { id: vaultId('bv-a'), name: 'bv-a', instances: [fact('bv-a', 'one')] },
      { id: vaultId('bv-b'), name: 'bv-b', instances: [fact('bv-b', 'two')] },
    ],
  },
];

class FakeGraph implements GraphJobSource {
  constructor(
    private readonly sees: readonly string[],
    private readonly error?: Error,
  ) {}
  private check(): void {
    if (this.error) throw this.error;
  }
  endedBetween = (f: Date, t: Date): Promise<JobFact[]> =>
    Promise.resolve().then(() => {
      this.check();
      return this.sees.flatMap((v) => truth[v]!.filter((j) => j.endTime && j.endTime >= f && j.endTime < t));
    });
  recentJobs = (id: string): Promise<JobFact[]> =>
    Promise.resolve().then(() => {
      this.check();
      return this.sees.flatMap((v) => truth[v]!.filter((j) => j.instanceId === id));
    });
  instanceIds = (): Promise<string[]> =>
    Promise.resolve().then(() => {
      this.check();
      return census[0]!.vaults.filter((v) => this.sees.includes(v.name)).flatMap((v) => v.instances.map((i) => i.id));
    });
}

class FakeVaults implements VaultJobSource {
  readonly reads: string[] = [];
  vaultJobs = (id: string): Promise<JobFact[]> => {
    this.reads.push(id);
    return Promise.resolve(truth[id.split('/').pop()!]!);
  };
}

const feed = (graph: GraphJobSource, vaults: FakeVaults, listed: SubscriptionCensus[] = census) =>
  new CheckedJobFeed({ graph, inventory: () => ({ census: () => Promise.resolve(listed) }), vaults, concurrency: 2 });
const ids = (jobs: readonly JobFact[]) => jobs.map((j) => j.id.split('/').pop());

describe('CheckedJobFeed.endedBetween', () => {
  it('uses Resource Graph alone when it agrees with the DataProtection API', async () => {
    const vaults = new FakeVaults();
    const answer = await feed(new FakeGraph(['bv-a', 'bv-b']), vaults).endedBetween(from, to);
    expect(ids(answer.jobs)).toEqual(['one-1', 'two-1', 'one-2']);
    expect(answer.warnings).toEqual([]);
    expect(vaults.reads).toEqual([]);
  });

  it('reads every vault from the DataProtection jobs API when Resource Graph answers empty, and says so', async () => {
    const vaults = new FakeVaults();
    const answer = await feed(new FakeGraph([]), vaults).endedBetween(from, to);
    expect(ids(answer.jobs)).toEqual(['one-1', 'two-1', 'one-2']);
    expect(vaults.reads.sort()).toEqual([vaultId('bv-a'), vaultId('bv-b')]);
    expect(answer.warnings).toHaveLength(1);
    expect(answer.warnings[0]).toContain(
      `Resource Graph shows 0 of the 2 AKS backup instances the DataProtection API lists in subscription ${SUB}`,
    );
    expect(answer.warnings[0]).toContain('those vaults: its jobs were read from the DataProtection jobs API instead');
  });

  it('reads only the vault Resource Graph is blind to when it answers a subset', async () => {
    const vaults = new FakeVaults();
    const answer = await feed(new FakeGraph(['bv-a']), vaults).endedBetween(from, to);
    expect(ids(answer.jobs)).toEqual(['one-1', 'two-1', 'one-2']);
    expect(vaults.reads).toEqual([vaultId('bv-b')]);
    expect(answer.warnings[0]).toContain('bv-b: 1 in the DataProtection API, 0 in Resource Graph');
  });

  it('reads every vault when Resource Graph is forbidden, with the error in the warning', async () => {
    const forbidden = Object.assign(new Error('does not have authorization'), { statusCode: 403, code: 'AuthorizationFailed' });
    const vaults = new FakeVaults();
    const answer = await feed(new FakeGraph(['bv-a', 'bv-b'], forbidden), vaults).endedBetween(from, to);
    expect(ids(answer.jobs)).toEqual(['one-1', 'two-1', 'one-2']);
    expect(answer.warnings).toEqual([
      'Resource Graph could not be queried (403 AuthorizationFailed does not have authorization); the jobs of every vault (2) were read from the DataProtection jobs API',
    ]);
  });

  it('fails, rather than answer short, when neither Resource Graph nor the DataProtection API can list a subscription', async () => {
    const down = Object.assign(new Error('down'), { statusCode: 503 });
    const listed: SubscriptionCensus[] = [{ subscriptionId: SUB, vaults: [], error: Object.assign(new Error('no'), { statusCode: 403 }) }];
    await expect(feed(new FakeGraph([], down), new FakeVaults(), listed).endedBetween(from, to)).rejects.toThrow(
      /Resource Graph could not be queried \(503 down\) and the DataProtection API could not list every vault \(403 no\)/,
    );
  });
});

describe('CheckedJobFeed.recentJobs', () => {
  it('asks the instance’s vault when Resource Graph answers nothing, and keeps its backups since then or still running', async () => {
    const vaults = new FakeVaults();
    const jobs = await feed(new FakeGraph([]), vaults).recentJobs(instanceId('bv-b', 'two'), at(0));
    expect(ids(jobs).sort()).toEqual(['two-1', 'two-2']);
    expect(vaults.reads).toEqual([vaultId('bv-b')]);
  });

  it('asks the vault when Resource Graph fails, and not when it answers', async () => {
    const vaults = new FakeVaults();
    const failing = new FakeGraph(['bv-b'], new Error('boom'));
    expect(ids(await feed(failing, vaults).recentJobs(instanceId('bv-b', 'two'), at(0))).sort()).toEqual(['two-1', 'two-2']);
    const answering = new FakeVaults();
    expect(await feed(new FakeGraph(['bv-b']), answering).recentJobs(instanceId('bv-b', 'two'), at(0))).toHaveLength(3);
    expect(answering.reads).toEqual([]);
  });
});
