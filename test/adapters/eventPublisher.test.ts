// The publisher with the real EventGridPublisherClient against the estate's topic: CloudEvents arrive intact with
// their ids, large sets are split under Event Grid's limits, 5xx is retried by the SDK pipeline, and a topic that
// keeps failing surfaces as an error.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { batches, EventGridEventPublisher, MAX_BATCH_BYTES } from '../../shared/adapters/messaging/eventPublisher.js';
import { ConfigError } from '../../shared/config/index.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';

let estate: Estate;
const http = { maxRetries: 2, retryDelayMs: 5, timeoutMs: 10_000, concurrency: 4 };
const publisher = (): EventGridEventPublisher =>
  new EventGridEventPublisher(
    { endpoint: estate.endpoints.eventGridTopic },
    { credential: new LocalDevCredential('monitor'), caPem: estate.ca, http },
  );

beforeAll(async () => {
  estate = await startEstate({ throttle: false });
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.eventGrid.clear();
  estate.control.faults.clear();
  estate.control.resetRequests();
});

const event = (n: number, reason = 'newest recovery point is PT6H old, over the PT5H target'): AutopilotCloudEvent =>
  buildEvent('Autopilot.Rpo.Breached', {
    subject: `/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv/backupInstances/i-${n}`,
    time: new Date('2026-11-21T10:00:00.000Z'),
    factKey: String(n),
    data: {
      verdict: 'breached',
      previousVerdict: 'ok',
      reason,
      targetRpo: 'PT5H',
      latestRecoveryPoint: '2026-11-21T04:00:00.000Z',
      ageSeconds: 21_600,
      kind: 'backupInstance',
      name: `i-${n}`,
      vault: 'bv',
      cluster: 'aks',
    },
  });
const topicRequests = (): number => estate.control.requests.entries((r) => r.service === 'eventGrid').length;

describe('EventGridEventPublisher', () => {
  it('publishes CloudEvents 1.0 with a bearer token, keeping id, type, subject, time and data', async () => {
    const sent = [event(1), event(2)];
    await publisher().publish(sent);
    const received = estate.control.eventGrid.events();
    expect(received.map((r) => [r.schema, r.id, r.type])).toEqual(sent.map((e) => ['CloudEvent', e.id, e.type]));
    expect(received[0]!.event).toEqual({ ...sent[0], datacontenttype: 'application/json' });
    const [request] = estate.control.requests.entries((r) => r.service === 'eventGrid');
    expect(request?.principal).toBe('monitor');
  });

  it('sends nothing for no events', async () => {
    await publisher().publish([]);
    expect(topicRequests()).toBe(0);
  });

  it('splits 250 events into requests of at most 100', async () => {
    await publisher().publish(Array.from({ length: 250 }, (_, i) => event(i)));
    expect(estate.control.eventGrid.events()).toHaveLength(250);
    expect(topicRequests()).toBe(3);
  });

  it('splits by size under the 1 MB request limit', async () => {
    const big = Array.from({ length: 5 }, (_, i) => event(i, 'x'.repeat(300_000)));
    await publisher().publish(big);
    expect(estate.control.eventGrid.events().map((e) => e.id)).toEqual(big.map((e) => e.id));
    expect(topicRequests()).toBe(2);
  });

  it('rides out a transient 500 with the SDK retry policy', async () => {
    estate.control.faults.add({ service: 'eventGrid', kind: 'status', status: 500, times: 1 });
    await publisher().publish([event(1)]);
    expect(estate.control.eventGrid.events()).toHaveLength(1);
    expect(topicRequests()).toBe(2);
  });

  it('throws when the topic keeps failing', async () => {
    estate.control.faults.add({ service: 'eventGrid', kind: 'status', status: 500, times: Infinity });
    await expect(publisher().publish([event(1)])).rejects.toMatchObject({ statusCode: 500 });
    expect(estate.control.eventGrid.events()).toHaveLength(0);
    expect(topicRequests()).toBe(http.maxRetries + 1);
  });

  it('names the missing topic setting', () => {
    const options = { credential: new LocalDevCredential('x'), caPem: undefined, http };
    expect(() => new EventGridEventPublisher({ endpoint: undefined }, options)).toThrow(ConfigError);
    expect(() => new EventGridEventPublisher({ endpoint: undefined }, options)).toThrow(/EVENTGRID_TOPIC_ENDPOINT/);
  });
});

describe('batches', () => {
  it('keeps order and limits', () => {
    expect(batches([1, 2, 3, 4, 5], 1000, 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(batches(['aaaa', 'bbbb', 'cccc'], 16, 100)).toEqual([['aaaa', 'bbbb'], ['cccc']]);
    expect(batches([], 10, 10)).toEqual([]);
  });
  it('refuses one event over the limit', () => expect(() => batches(['x'.repeat(MAX_BATCH_BYTES)])).toThrow(RangeError));
});
