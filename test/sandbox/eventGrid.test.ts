// Event Grid topic look-alike: publishing with the real EventGridPublisherClient, validation, and push delivery
// to webhook subscriptions with retry and dead-lettering.
import { AzureKeyCredential } from '@azure/core-auth';
import { EventGridDeserializer, EventGridPublisherClient } from '@azure/eventgrid';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import { EventGrid, eventGridRoutes } from '../../sandbox/estate/services/eventGrid.js';
import { httpsCall, staticCredential } from './serverHelpers.js';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

let server: EstateServer;
let grid: EventGrid;
let receiver: Server;
let receiverUrl: string;
let received: Received[] = [];
/** Status codes the receiver answers, in order; 200 once exhausted. */
let plan: number[] = [];

const topicUrl = (): string => `${server.url}/eventgrid/topics/autopilot/api/events`;
const publisher = (kind: 'CloudEvent' | 'EventGrid' = 'CloudEvent') =>
  new EventGridPublisherClient(topicUrl(), kind, new AzureKeyCredential(server.sasKey), {
    tlsOptions: { ca: server.ca },
    retryOptions: { maxRetries: 0 },
  });

beforeAll(async () => {
  server = await startEstateServer({ sasKey: 'topic-key-1' });
  grid = new EventGrid({ ca: server.ca, delivery: { baseDelayMs: 5, maxAttempts: 3, timeoutMs: 2000 } });
  server.addRoutes(eventGridRoutes(grid));
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(plan.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/api/events`;
});
afterAll(async () => {
  await grid.close();
  await server.close();
  await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
  grid.clear();
  for (const subscription of grid.subscriptions()) grid.unsubscribe(subscription.name);
  received = [];
  plan = [];
});

describe('publishing', () => {
  it('accepts a CloudEvents batch from EventGridPublisherClient and stores it', async () => {
    await publisher().send([
      { type: 'Autopilot.Backup.Failed', source: '/autopilot/sweeper', data: { bi: 'bi-1' } },
      { type: 'Autopilot.Rpo.Breached', source: '/autopilot/sweeper', subject: 'bi-2', data: { hours: 9 } },
    ]);
    const events = grid.events('autopilot');
    expect(events.map((e) => [e.schema, e.type])).toEqual([
      ['CloudEvent', 'Autopilot.Backup.Failed'],
      ['CloudEvent', 'Autopilot.Rpo.Breached'],
    ]);
    expect(events[1]?.event).toMatchObject({ specversion: '1.0', subject: 'bi-2', data: { hours: 9 } });
    expect(server.requests.entries().at(-1)).toMatchObject({ service: 'eventGrid', status: 200, query: 'api-version=2018-01-01' });
  });

  it('accepts the Event Grid schema too', async () => {
    await publisher('EventGrid').send([
      { eventType: 'Autopilot.Drill.Completed', subject: 'drill/1', dataVersion: '1.0', data: { ok: true } },
    ]);
    expect(grid.events()[0]).toMatchObject({ schema: 'EventGrid', type: 'Autopilot.Drill.Completed' });
  });

  it('accepts a bearer token instead of the key, and rejects a wrong key with 401', async () => {
    const withToken = new EventGridPublisherClient(topicUrl(), 'CloudEvent', staticCredential('publisher'), {
      tlsOptions: { ca: server.ca },
    });
    await withToken.send([{ type: 'T', source: '/s', data: {} }]);
    expect(server.requests.entries().at(-1)?.principal).toBe('publisher');
    const wrong = new EventGridPublisherClient(topicUrl(), 'CloudEvent', new AzureKeyCredential('nope'), {
      tlsOptions: { ca: server.ca },
      retryOptions: { maxRetries: 0 },
    });
    await expect(wrong.send([{ type: 'T', source: '/s', data: {} }])).rejects.toMatchObject({ statusCode: 401 });
    expect(grid.events()).toHaveLength(1);
  });

  it('rejects a batch with one invalid event (naming field and index) and stores nothing from it', async () => {
    const batch = [
      { specversion: '1.0', id: '1', source: '/s', type: 'Good' },
      { specversion: '1.0', id: '2', type: 'MissingSource' },
    ];
    const res = await httpsCall(`${topicUrl()}?api-version=2018-01-01`, server.ca, {
      method: 'POST',
      headers: { 'aeg-sas-key': server.sasKey, 'content-type': 'application/cloudevents-batch+json; charset=utf-8' },
      body: JSON.stringify(batch),
    });
    expect(res.status).toBe(400);
    expect((res.json() as { error: { message: string } }).error.message).toMatch(/events\[1\].*'source'/);
    expect(grid.events()).toEqual([]);
  });

  it('rejects invalid Event Grid schema events and wrong specversion', async () => {
    const post = (body: unknown, contentType = 'application/json') =>
      httpsCall(`${topicUrl()}?api-version=2018-01-01`, server.ca, {
        method: 'POST',
        headers: { 'aeg-sas-key': server.sasKey, 'content-type': contentType },
        body: JSON.stringify(body),
      });
    const grid0 = await post([{ id: '1', subject: 's', eventType: 't', dataVersion: '1', eventTime: 'yesterday' }]);
    expect((grid0.json() as { error: { message: string } }).error.message).toMatch(/events\[0\].*eventTime/);
    const cloud = await post({ specversion: '0.3', id: '1', source: '/s', type: 't' }, 'application/cloudevents+json');
    expect((cloud.json() as { error: { message: string } }).error.message).toMatch(/specversion/);
    expect(grid.events()).toEqual([]);
  });

  it('accepts a single application/cloudevents+json event', async () => {
    const res = await httpsCall(`${topicUrl()}?api-version=2018-01-01`, server.ca, {
      method: 'POST',
      headers: { 'aeg-sas-key': server.sasKey, 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ specversion: '1.0', id: 'one', source: '/s', type: 'Single' }),
    });
    expect(res.status).toBe(200);
    expect(grid.events().map((e) => e.id)).toEqual(['one']);
  });

  it('answers 413 above 1 MB', async () => {
    const big = [{ specversion: '1.0', id: 'big', source: '/s', type: 'Big', data: 'x'.repeat(1024 * 1024) }];
    const res = await httpsCall(`${topicUrl()}?api-version=2018-01-01`, server.ca, {
      method: 'POST',
      headers: { 'aeg-sas-key': server.sasKey, 'content-type': 'application/cloudevents-batch+json' },
      body: JSON.stringify(big),
    });
    expect(res.status).toBe(413);
    expect(grid.events()).toEqual([]);
  });
});

describe('delivery', () => {
  it('POSTs each event to matching subscriptions with Event Grid headers', async () => {
    grid.subscribe({ name: 'autopilot-fn', endpoint: receiverUrl, includedEventTypes: ['Autopilot.Backup.Failed'] });
    await publisher().send([
      { type: 'Autopilot.Backup.Failed', source: '/autopilot', id: 'e1', data: { bi: 'bi-1' } },
      { type: 'Autopilot.Other', source: '/autopilot', id: 'e2', data: {} },
    ]);
    await grid.waitForIdle();
    expect(received).toHaveLength(1);
    const [delivery] = received;
    expect(delivery?.headers).toMatchObject({
      'content-type': 'application/cloudevents+json; charset=utf-8',
      'aeg-event-type': 'Notification',
      'aeg-subscription-name': 'AUTOPILOT-FN',
      'aeg-delivery-count': '0',
    });
    const events = await new EventGridDeserializer().deserializeCloudEvents(delivery?.body ?? '');
    expect(events[0]).toMatchObject({ id: 'e1', type: 'Autopilot.Backup.Failed', data: { bi: 'bi-1' } });
  });

  it('delivers Event Grid schema events as a one-element array the SDK can deserialize', async () => {
    grid.subscribe({ name: 'grid', endpoint: receiverUrl });
    await publisher('EventGrid').send([
      { eventType: 'Autopilot.Drill.Completed', subject: 'drill/1', dataVersion: '1.0', data: { ok: true } },
    ]);
    await grid.waitForIdle();
    const events = await new EventGridDeserializer().deserializeEventGridEvents(received[0]?.body ?? '');
    expect(events[0]).toMatchObject({
      eventType: 'Autopilot.Drill.Completed',
      metadataVersion: '1',
      topic: expect.stringContaining('/topics/autopilot') as unknown,
    });
  });

  it('retries failures with backoff, counting deliveries, until one succeeds', async () => {
    plan = [500, 503];
    grid.subscribe({ name: 'flaky', endpoint: receiverUrl });
    await publisher().send([{ type: 'T', source: '/s', id: 'r1', data: {} }]);
    await grid.waitForIdle();
    expect(received.map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2']);
    expect(grid.deliveries().map((d) => [d.attempt, d.status, d.delivered])).toEqual([
      [1, 500, false],
      [2, 503, false],
      [3, 200, true],
    ]);
    expect(grid.deadLetters()).toEqual([]);
  });

  it('dead-letters after the last attempt, keeping the last error', async () => {
    plan = [500, 500, 500];
    grid.subscribe({ name: 'broken', endpoint: receiverUrl });
    grid.subscribe({ name: 'unreachable', endpoint: 'http://127.0.0.1:9/nothing-listens-here' });
    await publisher().send([{ type: 'T', source: '/s', id: 'd1', data: {} }]);
    await grid.waitForIdle();
    const dead = grid.deadLetters().sort((a, b) => a.subscription.localeCompare(b.subscription));
    expect(dead.map((d) => [d.subscription, d.eventId, d.attempts])).toEqual([
      ['broken', 'd1', 3],
      ['unreachable', 'd1', 3],
    ]);
    expect(dead[0]?.lastError).toBe('HTTP 500');
    expect(dead[1]?.lastError).toMatch(/ECONNREFUSED/);
    const listed = (await httpsCall(`${server.url}/_estate/deadletters`, server.ca)).json() as { value: unknown[] };
    expect(listed.value).toHaveLength(2);
  });

  it('manages subscriptions through the control API', async () => {
    const json = { 'content-type': 'application/json' };
    const bad = await httpsCall(`${server.url}/_estate/subscriptions`, server.ca, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'x', endpoint: 'ftp://nope' }),
    });
    expect(bad.status).toBe(400);
    const added = await httpsCall(`${server.url}/_estate/subscriptions`, server.ca, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'via-http', endpoint: receiverUrl }),
    });
    expect(added.status).toBe(201);
    await publisher().send([{ type: 'T', source: '/s', data: {} }]);
    await grid.waitForIdle();
    expect(received).toHaveLength(1);
    expect((await httpsCall(`${server.url}/_estate/events`, server.ca)).json()).toMatchObject({ value: [{ type: 'T' }] });
    expect((await httpsCall(`${server.url}/_estate/subscriptions/via-http`, server.ca, { method: 'DELETE' })).status).toBe(204);
    expect(grid.subscriptions()).toEqual([]);
  });

  it('close() cancels retries that are still waiting', async () => {
    const local = new EventGrid({ delivery: { baseDelayMs: 60_000, maxAttempts: 5 } });
    local.subscribe({ name: 'slow', endpoint: receiverUrl });
    plan = [500];
    local.publish('t', [{ schema: 'CloudEvent', id: 'c1', type: 'T', event: { specversion: '1.0', id: 'c1', source: '/s', type: 'T' } }]);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await local.close();
    expect(performance.now() - started).toBeLessThan(500);
    expect(local.deliveries().map((d) => d.status)).toEqual([500]);
  });
});
