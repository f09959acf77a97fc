// Fault injection and the ARM throttle model, as a real Azure REST client experiences them.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import { armClient, fakeJwt, httpsCall, SUB, testRoutes, WIDGETS } from './serverHelpers.js';

let server: EstateServer;
const API = { 'api-version': '2026-03-01' };
const statuses = (): number[] => server.requests.entries().map((entry) => entry.status);

beforeAll(async () => {
  server = await startEstateServer({ throttle: false });
  server.addRoutes(testRoutes(server.kit));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.reset();
  server.faults.clear();
  server.throttle.enabled = false;
  server.throttle.configure({ read: { burst: 250, perSecond: 25 }, write: { burst: 200, perSecond: 10 } });
});

describe('faults', () => {
  it('throttle: 429 TooManyRequests with Retry-After 0, then the SDK retry succeeds', async () => {
    server.faults.add({ kind: 'throttle', method: 'GET', service: 'arm', path: '/widgets/w1$', times: 2 });
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w1`).get({ queryParameters: API });
    expect(res.status).toBe('200');
    expect(statuses()).toEqual([429, 429, 200]);
    expect(server.faults.list()[0]).toMatchObject({ hits: 2, matched: 3 });
  });

  it('throttle carries the error body and configured Retry-After', async () => {
    server.faults.add({ kind: 'throttle', retryAfterSeconds: 7 });
    const res = await httpsCall(`${server.url}/files/x`, server.ca);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
  });

  it.each([
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable'],
  ] as const)('status %i (%s) once, then the SDK retry succeeds', async (status, code) => {
    server.faults.add({ kind: 'status', status, path: '/widgets/w2' });
    const raw = await httpsCall(`${server.url}/files/unaffected`, server.ca);
    expect(raw.status).toBe(200);
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w2`).get({ queryParameters: API });
    expect(res.status).toBe('200');
    expect(statuses()).toEqual([200, status, 200]);
    server.faults.add({ kind: 'status', status, retryAfterSeconds: 3 });
    const direct = await httpsCall(`${server.url}/files/y`, server.ca);
    expect([direct.status, direct.headers['retry-after'], (direct.json() as { error: { code: string } }).error.code]).toEqual([
      status,
      '3',
      code,
    ]);
  });

  it('after: lets the first N matching requests through', async () => {
    server.faults.add({ kind: 'status', path: '^/files/', after: 2, times: 1 });
    for (let i = 0; i < 4; i += 1) await httpsCall(`${server.url}/files/${i}`, server.ca);
    expect(statuses()).toEqual([200, 200, 500, 200]);
  });

  it('timeout: holds the request, then drops the connection', async () => {
    server.faults.add({ kind: 'timeout', ms: 250, path: '/widgets/w3' });
    const started = performance.now();
    const attempt = armClient(server.url, server.ca, { maxRetries: 0 }).pathUnchecked(`${WIDGETS}/w3`).get({ queryParameters: API });
    await expect(attempt).rejects.toThrow();
    expect(performance.now() - started).toBeGreaterThanOrEqual(240);
    expect(server.requests.entries()[0]).toMatchObject({ status: 0, fault: 'timeout' });
  });

  it('reset: drops the connection at once; the SDK retries it like a network error', async () => {
    server.faults.add({ kind: 'reset', path: '/widgets/w4' });
    await expect(
      httpsCall(`${server.url}${WIDGETS}/w4`, server.ca, { headers: { authorization: `Bearer ${fakeJwt({ oid: 'r' })}` } }),
    ).rejects.toThrow(/socket hang up|ECONNRESET/);
    server.faults.add({ kind: 'reset', path: '/widgets/w4' });
    const res = await armClient(server.url, server.ca).pathUnchecked(`${WIDGETS}/w4`).get({ queryParameters: API });
    expect(res.status).toBe('200');
    expect(statuses()).toEqual([0, 0, 200]);
  });

  it('brokenPage: a continuation page fails once (first pages are untouched) and the SDK retry recovers', async () => {
    server.faults.add({ kind: 'brokenPage' });
    const client = armClient(server.url, server.ca);
    const first = await client.pathUnchecked(WIDGETS.replace('rg-test', 'rg-x')).get({ queryParameters: API });
    const { nextLink } = first.body as { nextLink: string };
    const second = await client.pathUnchecked(nextLink).get();
    expect(second.status).toBe('200');
    expect(statuses()).toEqual([200, 500, 200]);
  });

  it('brokenPage malformed: answers 200 with truncated JSON', async () => {
    server.faults.add({ kind: 'brokenPage', malformed: true });
    const first = await httpsCall(`${server.url}${WIDGETS}?api-version=2026-03-01`, server.ca, {
      headers: { authorization: `Bearer ${fakeJwt({ oid: 'p' })}` },
    });
    const { nextLink } = first.json() as { nextLink: string };
    const broken = await httpsCall(nextLink, server.ca, { headers: { authorization: `Bearer ${fakeJwt({ oid: 'p' })}` } });
    expect(broken.status).toBe(200);
    expect(() => broken.json()).toThrow(SyntaxError);
  });

  it('brokenPage also recognises Resource Graph continuations in the body', async () => {
    server.faults.add({ kind: 'brokenPage', service: 'resourceGraph' });
    const client = armClient(server.url, server.ca, { maxRetries: 0 });
    const query = (body: unknown) =>
      client.pathUnchecked('/providers/Microsoft.ResourceGraph/resources').post({ queryParameters: { 'api-version': '2024-04-01' }, body });
    expect((await query({ query: 'resources' })).status).toBe('200');
    expect((await query({ query: 'resources', options: { $skipToken: 'abc' } })).status).toBe('500');
  });
});

describe('ARM throttle model', () => {
  it('empties a per-principal read bucket into 429 with Retry-After ≥ 1 and reports remaining reads', async () => {
    server.throttle.enabled = true;
    server.throttle.configure({ read: { burst: 2, perSecond: 0.5 } });
    const client = armClient(server.url, server.ca, { oid: 'reader-a', maxRetries: 0 });
    const get = () => client.pathUnchecked(`${WIDGETS}/w1`).get({ queryParameters: API });
    const answers = [await get(), await get(), await get()];
    expect(answers.map((r) => r.status)).toEqual(['200', '200', '429']);
    expect(answers.map((r) => r.headers['x-ms-ratelimit-remaining-subscription-reads'])).toEqual(['1', '0', '0']);
    expect(Number(answers[2]?.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(answers[2]?.body).toMatchObject({ error: { code: 'TooManyRequests' } });
    // Another principal has its own bucket.
    const other = await armClient(server.url, server.ca, { oid: 'reader-b', maxRetries: 0 })
      .pathUnchecked(`${WIDGETS}/w1`)
      .get({ queryParameters: API });
    expect(other.status).toBe('200');
    expect(server.requests.summary().throttled).toBe(1);
  });

  it('counts writes and deletes in their own buckets with their own headers', async () => {
    server.throttle.enabled = true;
    server.throttle.configure({ write: { burst: 1, perSecond: 0.2 }, delete: { burst: 5, perSecond: 1 } });
    const client = armClient(server.url, server.ca, { oid: 'writer', maxRetries: 0 });
    const put = () =>
      client
        .pathUnchecked(`/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.Test/widgets/w9`)
        .put({ queryParameters: API, body: {} });
    expect((await put()).headers['x-ms-ratelimit-remaining-subscription-writes']).toBe('0');
    const throttled = await put();
    expect([throttled.status, throttled.headers['retry-after']]).toEqual(['429', '5']);
    const del = await client.pathUnchecked(`${WIDGETS}/w9`).delete({ queryParameters: API });
    expect([del.status, del.headers['x-ms-ratelimit-remaining-subscription-deletes']]).toEqual(['200', '4']);
  });

  it('refills over wall-clock time', async () => {
    server.throttle.enabled = true;
    server.throttle.configure({ read: { burst: 1, perSecond: 20 } });
    const client = armClient(server.url, server.ca, { oid: 'refill', maxRetries: 0 });
    const get = () => client.pathUnchecked(`${WIDGETS}/w1`).get({ queryParameters: API });
    expect((await get()).status).toBe('200');
    expect((await get()).status).toBe('429');
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect((await get()).status).toBe('200');
  });

  it('leaves non-ARM services alone and reports full buckets when disabled', async () => {
    server.throttle.configure({ read: { burst: 1, perSecond: 0.1 } });
    for (let i = 0; i < 3; i += 1) expect((await httpsCall(`${server.url}/files/${i}`, server.ca)).status).toBe(200);
    const res = await armClient(server.url, server.ca, { maxRetries: 0 }).pathUnchecked(`${WIDGETS}/w1`).get({ queryParameters: API });
    expect(res.headers['x-ms-ratelimit-remaining-subscription-reads']).toBe('1');
  });
});
