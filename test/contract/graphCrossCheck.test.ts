// Never trust an empty or short Resource Graph answer, with the real clients against the estate: Resource Graph made
// blind to the whole estate, to one subscription or to one vault (as it is for a subscription the identity cannot
// read, or while it indexes), or forbidden outright. The RPO check and the detectors' job feed must see the same
// fleet and the same jobs as when it sees everything, and say where they had to look elsewhere.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { DataProtectionInventory } from '../../shared/adapters/dataProtection/inventory.js';
import { ResourceGraphFleet } from '../../shared/adapters/arm/fleetResourceGraph.js';
import { ResourceGraphJobFeed } from '../../shared/adapters/arm/jobFeed.js';
import { DataProtectionVaultJobs } from '../../shared/adapters/arm/jobFeedVaults.js';
import { DEFAULT_TIERS } from '../../shared/domain/rpo/tiers.js';
import { CheckedJobFeed } from '../../shared/usecases/detection/jobFeedCheck.js';
import { RpoReporter, type RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { ARM_SCOPE, estateOptions, resourceGraphFor } from '../support/estateClients.js';

let estate: Estate;
let subscriptions: string[];
let reporter: RpoReporter;
let feed: CheckedJobFeed;
let seeing: RpoReport;
const [PROD, DEV] = ['3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90', '8d41b6c2-7e93-4f05-a1d8-5c2b9e7f3a64'];

beforeAll(async () => {
  estate = await startEstate();
  subscriptions = estate.model.subscriptions.map((s) => s.id);
  const arm = new ArmTransport(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE, apiVersion: '2026-03-01' },
    estateOptions(estate.ca, { maxRetries: 1, retryDelayMs: 5 }),
  );
  const client = new DataProtectionClient(arm);
  const inventory = () => new DataProtectionInventory(client, arm, subscriptions, 4);
  const graph = resourceGraphFor(estate);
  const clock = { now: () => estate.model.clock.now() };
  reporter = new RpoReporter({ inventory, fleet: new ResourceGraphFleet(graph, subscriptions) }, clock, settings);
  feed = new CheckedJobFeed({
    graph: new ResourceGraphJobFeed(graph, subscriptions),
    inventory,
    vaults: new DataProtectionVaultJobs(client),
    concurrency: 4,
  });
  seeing = await reporter.run();
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.faults.clear();
  estate.model.setGraphBlindness({});
});

const verdicts = (r: RpoReport) => Object.fromEntries(r.instances.map((i) => [i.name, [i.verdict, i.latestRecoveryPoint, i.targetRpo]]));

describe('the RPO check', () => {
  it('sees the whole fleet through Resource Graph, without warnings, when it agrees', () => {
    expect(seeing.summary).toEqual({ total: 11, ok: 3, atRisk: 2, breached: 2, unknown: 4 });
    expect(seeing.warnings).toEqual([]);
    expect(seeing.instances.some((i) => i.evidence === 'resource-graph')).toBe(true);
  });

  it('judges every instance from the DataProtection API when Resource Graph answers empty, and says so per subscription', async () => {
    estate.model.setGraphBlindness({ all: true });
    const blind = await reporter.run();
    expect(blind.summary).toEqual(seeing.summary);
    expect(verdicts(blind)).toEqual(verdicts(seeing));
    expect(blind.instances.every((i) => i.evidence === 'recovery-points')).toBe(true);
    expect(blind.warnings).toHaveLength(2);
    expect(blind.warnings[0]).toContain(
      `Resource Graph shows 0 of the 9 AKS backup instances the DataProtection API lists in subscription ${PROD}`,
    );
    expect(blind.warnings[1]).toContain(
      `Resource Graph shows 0 of the 2 AKS backup instances the DataProtection API lists in subscription ${DEV}`,
    );
  });

  it('judges only the vault Resource Graph leaves out from the DataProtection API when it answers a subset', async () => {
    estate.model.setGraphBlindness({ vaults: ['bv-prod-neu'] });
    const partial = await reporter.run();
    expect(verdicts(partial)).toEqual(verdicts(seeing));
    const direct = partial.instances.filter(
      (i) => i.evidence === 'recovery-points' && i.evidenceDetail.startsWith('Resource Graph disagrees'),
    );
    expect(direct.map((i) => i.name).sort()).toEqual(['prod-neu-search', 'prod-neu-shop']);
    expect(partial.warnings).toEqual([
      expect.stringContaining(`subscription ${PROD} (bv-prod-neu: 2 in the DataProtection API, 0 in Resource Graph)`),
    ]);
  });

  it('judges a whole subscription Resource Graph cannot read from the DataProtection API', async () => {
    estate.model.setGraphBlindness({ subscriptions: ['contoso-dev'] });
    const partial = await reporter.run();
    expect(verdicts(partial)).toEqual(verdicts(seeing));
    expect(partial.warnings).toEqual([
      expect.stringContaining(`in subscription ${DEV} (bv-dev-weu: 2 in the DataProtection API, 0 in Resource Graph)`),
    ]);
  });
});

describe('the detectors’ job feed', () => {
  const window = () => {
    const now = estate.model.clock.now().getTime();
    return [new Date(now - 86_400_000), new Date(now - 60_000)] as const;
  };
  const ids = (jobs: readonly { id: string }[]) => jobs.map((j) => j.id.toLowerCase()).sort();

  it('finds the same jobs when Resource Graph is blind to the estate, to a subscription or to a vault', async () => {
    const [from, to] = window();
    const all = await feed.endedBetween(from, to);
    expect(all.warnings).toEqual([]);
    expect(all.jobs.filter((j) => j.status === 'Failed').length).toBeGreaterThan(3);
    for (const blindness of [{ all: true }, { subscriptions: ['contoso-dev'] }, { vaults: ['bv-prod-weu'] }]) {
      estate.model.setGraphBlindness(blindness);
      const answer = await feed.endedBetween(from, to);
      expect(ids(answer.jobs), JSON.stringify(blindness)).toEqual(ids(all.jobs));
      expect(answer.warnings.length, JSON.stringify(blindness)).toBeGreaterThan(0);
      expect(answer.warnings.every((w) => w.includes('its jobs were read from the DataProtection jobs API instead'))).toBe(true);
    }
  });

  it('reads every vault’s jobs from the DataProtection jobs API when Resource Graph is forbidden (403)', async () => {
    const [from, to] = window();
    const all = await feed.endedBetween(from, to);
    estate.control.faults.add({ kind: 'status', status: 403, service: 'resourceGraph', times: Infinity });
    const answer = await feed.endedBetween(from, to);
    expect(ids(answer.jobs)).toEqual(ids(all.jobs));
    expect(answer.warnings).toEqual([
      expect.stringMatching(
        /^Resource Graph could not be queried \(403 AuthorizationFailed .*\); the jobs of every vault \(3\) were read from the DataProtection jobs API$/,
      ),
    ]);
  });

  it('answers an instance’s recent jobs from its vault when Resource Graph has none', async () => {
    const orders = estate.model.findInstance('prod-weu-orders')!;
    const since = new Date(estate.model.clock.now().getTime() - 86_400_000);
    const seen = await feed.recentJobs(orders.id, since);
    expect(seen.length).toBeGreaterThan(0);
    estate.model.setGraphBlindness({ all: true });
    expect(ids(await feed.recentJobs(orders.id, since))).toEqual(ids(seen));
  });
});

const settings = {
  graceMs: 3_600_000,
  defaultTargetMs: 86_400_000,
  atRiskShare: 0.8,
  rpoTagName: 'rpo',
  tierTagName: 'backup-tier',
  tiers: DEFAULT_TIERS,
  confirmMarginMs: 900_000,
  concurrency: 4,
};
