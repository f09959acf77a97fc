// The monitor's exactly-once protocol over the real blob state store (Azurite), at the crash points an end-to-end
// run cannot reach: a tick that dies after recording its events, and one that dies after publishing them. The fleet
// and the topic are plain fakes of their ports (no Azure client is replaced).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startAzurite, type AzuriteInstance } from '../../sandbox/host/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { createBlobServiceClient } from '../../shared/adapters/storage/blobClient.js';
import { BlobStateStore } from '../../shared/adapters/storage/stateStore.js';
import type { Verdict } from '../../shared/domain/rpo/rpo.js';
import { parseHistory } from '../../shared/domain/rpo/rpoHistory.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import type { EventPublisher, StateStore } from '../../shared/usecases/ports.js';
import { CLAIM_LEASE_MS, HISTORY_KEY, RpoMonitor } from '../../shared/usecases/rpo/rpoMonitor.js';
import type { FleetReport } from '../../shared/usecases/rpo/rpoMonitorEvents.js';

let azurite: AzuriteInstance;
let store: BlobStateStore;
let container = 0;
let now: Date;
const clock = { now: () => now };
const minutes = (m: number): void => void (now = new Date(now.getTime() + m * 60_000));

beforeAll(async () => {
  azurite = await startAzurite();
});
afterAll(() => azurite?.stop());
beforeEach(() => {
  now = new Date('2026-11-21T10:00:00.000Z');
  // A fresh container per test: each starts with no history.
  const client = createBlobServiceClient(
    { connectionString: azurite.connectionString },
    {
      credential: new LocalDevCredential('t'),
      caPem: undefined,
      http: { maxRetries: 0, retryDelayMs: 1, timeoutMs: 10_000, concurrency: 1 },
    },
  );
  store = new BlobStateStore(client.getContainerClient(`state-${++container}`));
});

const ID = (name: string) =>
  `/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/${name}`;
const fleet = (verdicts: Record<string, Verdict>) => ({
  run: (): Promise<FleetReport> =>
    Promise.resolve({
      instances: Object.entries(verdicts).map(([name, verdict]) => ({
        id: ID(name),
        name,
        vault: 'bv',
        cluster: 'aks',
        targetRpo: 'PT5H',
        latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
        ageSeconds: 21_600,
        verdict,
        reason: verdict,
      })),
    }),
});
const noBlobs = { run: () => Promise.resolve([]) };

/** A topic that records what it accepted, and can be told to fail. */
function topic(): EventPublisher & { accepted: AutopilotCloudEvent[]; failing: boolean } {
  const t = {
    accepted: [] as AutopilotCloudEvent[],
    failing: false,
    publish(events: readonly AutopilotCloudEvent[]): Promise<void> {
      if (t.failing) return Promise.reject(new Error('topic down'));
      t.accepted.push(...events);
      return Promise.resolve();
    },
  };
  return t;
}

/** The process dies at its next state write: every write after `allowed` throws (nothing reaches storage). */
function dyingStore(inner: StateStore, allowed: number): StateStore {
  let writes = 0;
  const guard = <T>(write: () => Promise<T>): Promise<T> => (++writes > allowed ? Promise.reject(new Error('process died')) : write());
  return {
    read: (k) => inner.read(k),
    list: (p) => inner.list(p),
    create: (k, v) => guard(() => inner.create(k, v)),
    replace: (k, v, e) => guard(() => inner.replace(k, v, e)),
  };
}

const monitor = (verdicts: Record<string, Verdict>, publisher: EventPublisher, s: StateStore = store) =>
  new RpoMonitor({ fleet: fleet(verdicts), blobSources: noBlobs, store: s, publisher, clock });
const pending = async () => parseHistory((await store.read(HISTORY_KEY))?.value).pending;

describe('RpoMonitor exactly-once protocol', () => {
  it('a tick that dies after recording, before publishing: a later tick publishes the same event once its claim lapses', async () => {
    const t = topic();
    t.failing = true; // the publish "hangs up" and the process dies before it can give its claim back
    await expect(monitor({ a: 'breached' }, t, dyingStore(store, 1)).run()).rejects.toThrow('topic down');
    const [left] = await pending();
    expect(left).toMatchObject({ claimedBy: expect.any(String) as string });

    t.failing = false;
    minutes(1); // claim still held: a tick now publishes nothing and records nothing new
    expect(await monitor({ a: 'breached' }, t).run()).toMatchObject({ changes: [], published: [], pending: 1 });
    expect(t.accepted).toEqual([]);

    minutes(CLAIM_LEASE_MS / 60_000);
    const late = await monitor({ a: 'breached' }, t).run();
    expect(late).toMatchObject({ changes: [], published: [left!.id], pending: 0 });
    expect(t.accepted.map((e) => e.id)).toEqual([left!.id]);
    expect(await pending()).toEqual([]);
  });

  it('a tick that dies after publishing, before settling: the event goes out again with the same id (never a different one)', async () => {
    const t = topic();
    await expect(monitor({ a: 'breached' }, t, dyingStore(store, 1)).run()).rejects.toThrow('process died');
    expect(t.accepted).toHaveLength(1);
    minutes(CLAIM_LEASE_MS / 60_000 + 1);
    await monitor({ a: 'breached' }, t).run();
    expect(t.accepted).toHaveLength(2);
    expect(t.accepted[1]).toEqual(t.accepted[0]);
    await monitor({ a: 'breached' }, t).run();
    expect(t.accepted).toHaveLength(2);
  });

  it('a failed publish gives its claim back: the very next tick publishes the same event', async () => {
    const t = topic();
    t.failing = true;
    await expect(monitor({ a: 'at-risk' }, t).run()).rejects.toThrow('topic down');
    expect(await pending()).toMatchObject([{ claimedBy: null, claimedUntil: null }]);
    t.failing = false;
    const r = await monitor({ a: 'at-risk' }, t).run();
    expect(r.published).toHaveLength(1);
    expect(t.accepted.map((e) => e.type)).toEqual(['Autopilot.Rpo.AtRisk']);
  });

  it('concurrent ticks on separate instances record and publish each change once', async () => {
    const t = topic();
    const results = await Promise.all(Array.from({ length: 4 }, () => monitor({ a: 'breached', b: 'at-risk', c: 'ok' }, t).run()));
    expect(t.accepted.map((e) => e.type).sort()).toEqual(['Autopilot.Rpo.AtRisk', 'Autopilot.Rpo.Breached']);
    expect(results.flatMap((r) => r.changes)).toHaveLength(2);
    expect(await pending()).toEqual([]);
  });

  it('a document that is not a history stops the tick instead of starting over', async () => {
    await store.create(HISTORY_KEY, { hello: 'world' });
    await expect(monitor({ a: 'breached' }, topic()).run()).rejects.toThrow(
      /state document "rpo\/history.json" is not a valid document: version: .*; fix or delete the document/,
    );
    expect((await store.read(HISTORY_KEY))?.value).toEqual({ hello: 'world' });
  });
});
