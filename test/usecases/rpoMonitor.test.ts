// RpoMonitor on the fakes: one event per change of verdict (breach → one Breached, recovery → one Recovered), none
// while a verdict holds, exactly once in effect across a failed publish and a tick that dies between its writes.
// (test/adapters/rpoMonitor.test.ts runs the same protocol over the real blob store on Azurite.)
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHistory } from '../../shared/domain/rpo/rpoHistory.js';
import { Documents } from '../../shared/state/index.js';
import { CLAIM_LEASE_MS, HISTORY_DOC, HISTORY_KEY, RpoMonitor } from '../../shared/usecases/rpo/rpoMonitor.js';
import { HOUR, ManualClock, MemoryEventPublisher, MemoryFleet, MemoryStateStore, MINUTE, noBlobSources } from '../support/fakes/index.js';

function world() {
  const clock = new ManualClock('2026-11-21T10:00:00Z');
  const store = new MemoryStateStore();
  const publisher = new MemoryEventPublisher();
  const fleet = new MemoryFleet();
  let tick = 0;
  const monitor = () => new RpoMonitor({ fleet, blobSources: noBlobSources, store, publisher, clock, newTickId: () => `tick-${++tick}` });
  return { clock, store, publisher, fleet, monitor };
}

const types = (w: ReturnType<typeof world>) => w.publisher.events.map((e) => `${e.type} ${String(e.data.name)}`);

describe('RpoMonitor', () => {
  it('a fleet seen for the first time: only what is not ok raises an event', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'ok', '2026-11-21T09:00:00Z').set('prod-weu-shop', 'breached', '2026-11-21T02:00:00Z', 8 * 3600);
    w.fleet.set('prod-weu-lost', 'unknown', null);
    const r = await w.monitor().run();
    expect(r).toMatchObject({ observed: 3, pending: 0 });
    expect(types(w)).toEqual(['Autopilot.Rpo.Breached prod-weu-shop']);
    expect(w.publisher.events[0]?.data).toMatchObject({
      previousVerdict: null,
      latestRecoveryPoint: '2026-11-21T02:00:00Z',
      targetRpo: 'PT4H',
    });
  });

  it('breach → one event, however many ticks it lasts; recovery → one event; a new breach → a new event', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'ok', '2026-11-21T09:00:00Z');
    await w.monitor().run();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T09:00:00Z', 5 * 3600);
    for (let i = 0; i < 4; i++) {
      w.clock.advance(15 * MINUTE);
      await w.monitor().run();
    }
    w.fleet.set('prod-weu-orders', 'ok', '2026-11-21T11:30:00Z', 60);
    w.clock.advance(15 * MINUTE);
    await w.monitor().run();
    await w.monitor().run();
    w.fleet.set('prod-weu-orders', 'at-risk', '2026-11-21T11:30:00Z', 3.5 * 3600);
    w.clock.advance(HOUR);
    await w.monitor().run();
    expect(types(w)).toEqual([
      'Autopilot.Rpo.Breached prod-weu-orders',
      'Autopilot.Rpo.Recovered prod-weu-orders',
      'Autopilot.Rpo.AtRisk prod-weu-orders',
    ]);
    expect(w.publisher.ofType('Autopilot.Rpo.Recovered')[0]?.data).toMatchObject({ previousVerdict: 'breached', verdict: 'ok' });
  });

  it('an unknown verdict (the instance could not be read) neither raises nor clears', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z');
    await w.monitor().run();
    w.fleet.set('prod-weu-orders', 'unknown', null);
    await w.monitor().run();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z');
    await w.monitor().run();
    expect(types(w)).toEqual(['Autopilot.Rpo.Breached prod-weu-orders']);
  });

  it('a failed publish gives its claim back: the very next tick publishes the same event, once', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z');
    w.publisher.failures.add('Event Grid unavailable');
    await expect(w.monitor().run()).rejects.toThrow('Event Grid unavailable');
    expect(parseHistory(w.store.value(HISTORY_KEY)).pending).toMatchObject([{ claimedBy: null }]);
    const r = await w.monitor().run();
    expect(r.changes).toEqual([]);
    expect(r.published).toHaveLength(1);
    await w.monitor().run();
    expect(w.publisher.distinctIds()).toEqual(r.published);
    expect(w.publisher.events).toHaveLength(1);
  });

  it('a tick that dies after recording, before publishing: a later tick publishes the event once its claim lapses', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z');
    // Write 1 lands; the publish fails and so does every write after it (the process is gone).
    let writes = 0;
    w.store.beforeWrite = () => {
      if (++writes > 1) throw new Error('the process died (test)');
    };
    w.publisher.failures.add('the process died (test)');
    await expect(w.monitor().run()).rejects.toThrow('the process died');
    w.store.beforeWrite = undefined;
    expect(parseHistory(w.store.value(HISTORY_KEY)).pending).toMatchObject([{ claimedBy: 'tick-1' }]);
    expect((await w.monitor().run()).published).toEqual([]); // the dead tick's claim still holds
    w.clock.advance(CLAIM_LEASE_MS);
    const late = await w.monitor().run();
    expect(late.published).toHaveLength(1);
    expect(w.publisher.events).toHaveLength(1);
    expect(parseHistory(w.store.value(HISTORY_KEY)).pending).toEqual([]);
  });

  it('a tick that dies after publishing, before settling: the event goes out again with the same id', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z');
    let writes = 0;
    w.store.beforeWrite = () => {
      if (++writes === 2) throw new Error('the process died (test)');
    };
    await expect(w.monitor().run()).rejects.toThrow('the process died');
    w.store.beforeWrite = undefined;
    w.clock.advance(CLAIM_LEASE_MS);
    await w.monitor().run();
    expect(w.publisher.events).toHaveLength(2);
    expect(w.publisher.distinctIds()).toHaveLength(1);
  });

  it('concurrent ticks on two instances record and publish each change once', async () => {
    const w = world();
    w.fleet.set('prod-weu-orders', 'breached', '2026-11-21T02:00:00Z').set('prod-weu-shop', 'at-risk', '2026-11-21T06:00:00Z');
    const [a, b] = await Promise.all([w.monitor().run(), w.monitor().run()]);
    expect([...a.changes, ...b.changes]).toHaveLength(2);
    expect(w.publisher.distinctIds()).toHaveLength(2);
    expect(w.publisher.events).toHaveLength(2);
  });
});

describe('the verdict history as today’s code wrote it', () => {
  it('is read by the state primitive unchanged (fixture captured from the current writer)', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/state/rpo-history.json', import.meta.url), 'utf8')) as unknown;
    const store = new MemoryStateStore();
    await store.create(HISTORY_KEY, fixture);
    expect((await new Documents(store, HISTORY_DOC).read(HISTORY_KEY))?.value).toEqual(parseHistory(fixture));
  });
});
