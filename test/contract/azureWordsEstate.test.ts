// The estate worded as the REST spec's examples word it — jobs `Succeeded` / `Started`, backup instances with
// protectionStatus.status but no currentProtectionState — read by the real clients: the RPO check reaches the same
// verdicts as with the enum's words, Resource Graph still settles instances, and the job watch publishes successes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { DataProtectionInventory } from '../../shared/adapters/dataProtection/inventory.js';
import { ResourceGraphFleet } from '../../shared/adapters/arm/fleetResourceGraph.js';
import { ResourceGraphJobFeed } from '../../shared/adapters/arm/jobFeed.js';
import { DataProtectionVaultJobs } from '../../shared/adapters/arm/jobFeedVaults.js';
import { DEFAULT_TIERS } from '../../shared/domain/rpo/tiers.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { CheckedJobFeed } from '../../shared/usecases/detection/jobFeedCheck.js';
import { JobWatch } from '../../shared/usecases/detection/jobWatch.js';
import { ConcurrencyError, type EventPublisher, type StateStore, type StoredDocument } from '../../shared/usecases/ports.js';
import { RpoReporter, type RpoReport } from '../../shared/usecases/rpo/rpoReport.js';
import { ARM_SCOPE, estateOptions, resourceGraphFor } from '../support/estateClients.js';

let estate: Estate;
let reporter: RpoReporter;
let feed: CheckedJobFeed;
let enumWords: RpoReport;
let specWords: RpoReport;

beforeAll(async () => {
  estate = await startEstate();
  const subscriptions = estate.model.subscriptions.map((s) => s.id);
  const arm = new ArmTransport(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE, apiVersion: '2026-03-01' },
    estateOptions(estate.ca, { retryDelayMs: 5 }),
  );
  const client = new DataProtectionClient(arm);
  const inventory = () => new DataProtectionInventory(client, arm, subscriptions, 4);
  const graph = resourceGraphFor(estate);
  reporter = new RpoReporter(
    { inventory, fleet: new ResourceGraphFleet(graph, subscriptions) },
    { now: () => estate.model.clock.now() },
    settings,
  );
  feed = new CheckedJobFeed({
    graph: new ResourceGraphJobFeed(graph, subscriptions),
    inventory,
    vaults: new DataProtectionVaultJobs(client),
    concurrency: 4,
  });
  enumWords = await reporter.run();
  estate.model.setWording({ jobCompleted: 'Succeeded', jobInProgress: 'Started', currentProtectionState: false });
  specWords = await reporter.run();
});
afterAll(() => estate?.close());

const by = (r: RpoReport) => new Map(r.instances.map((i) => [i.name, i]));

describe('the RPO check on the spec examples’ words', () => {
  it('the estate serves them', () => {
    const instance = estate.model.findInstance('prod-weu-shop')!;
    expect(estate.model.wording).toEqual({ jobCompleted: 'Succeeded', jobInProgress: 'Started', currentProtectionState: false });
    expect(by(specWords).get(instance.name)?.protectionState).toBe('ProtectionConfigured');
  });

  it('reaches the same verdicts as with the enum’s words (no instance is unknown for want of currentProtectionState)', () => {
    expect(specWords.summary).toEqual(enumWords.summary);
    for (const [name, line] of by(enumWords)) {
      const other = by(specWords).get(name)!;
      expect([other.verdict, other.latestRecoveryPoint, other.targetRpo], name).toEqual([
        line.verdict,
        line.latestRecoveryPoint,
        line.targetRpo,
      ]);
    }
    expect(specWords.instances.filter((i) => /protection state is Unknown/.test(i.reason))).toEqual([]);
  });

  it('lets Resource Graph settle the instances whose newest job says Succeeded, as it does for Completed', () => {
    const settled = (r: RpoReport) =>
      r.instances
        .filter((i) => i.evidence === 'resource-graph')
        .map((i) => i.name)
        .sort();
    expect(settled(enumWords).length).toBeGreaterThan(0);
    expect(settled(specWords)).toEqual(settled(enumWords));
  });
});

describe('the job watch on the spec examples’ words', () => {
  it('publishes a JobSucceeded for every job that says Succeeded, and a JobFailed for every failure', async () => {
    const published: AutopilotCloudEvent[] = [];
    const publisher: EventPublisher = { publish: (events) => Promise.resolve(void published.push(...events)) };
    const watch = new JobWatch({
      feed,
      store: new MemoryStore(),
      publisher,
      clock: { now: () => estate.model.clock.now() },
      lookbackMs: 86_400_000,
    });
    const result = await watch.run();
    const succeeded = published.filter((e) => e.type === 'Autopilot.Backup.JobSucceeded');
    expect(succeeded.length).toBeGreaterThan(5);
    expect(succeeded.every((e) => (e.data as { status: string }).status === 'Succeeded')).toBe(true);
    expect(result).toMatchObject({ succeeded: succeeded.length, warnings: [] });
    expect(result.failed).toBeGreaterThan(3);
  });
});

/** The product's own state port, in memory (ETags are counters). */
class MemoryStore implements StateStore {
  private readonly docs = new Map<string, StoredDocument>();
  private n = 0;
  read = (key: string) => Promise.resolve(this.docs.get(key));
  create = (key: string, value: unknown): Promise<string> => {
    if (this.docs.has(key)) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  };
  replace = (key: string, value: unknown, etag: string): Promise<string> => {
    if (this.docs.get(key)?.etag !== etag) return Promise.reject(new ConcurrencyError(key));
    return Promise.resolve(this.put(key, value));
  };
  list = (prefix: string) => Promise.resolve([...this.docs.keys()].filter((k) => k.startsWith(prefix)).sort());
  private put(key: string, value: unknown): string {
    const etag = String(++this.n);
    this.docs.set(key, { value, etag });
    return etag;
  }
}

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
