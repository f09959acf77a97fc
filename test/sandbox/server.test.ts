// Server core: routing, auth, headers, latency, request log and the control API, through real clients over TLS.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { httpControlRoutes } from '../../sandbox/estate/http/controlRoutes.js';
import { startEstateServer, type EstateServer } from '../../sandbox/estate/http/server.js';
import { armClient, fakeJwt, httpsCall, SUB, testRoutes, WIDGETS } from './serverHelpers.js';

let server: EstateServer;
const API = { 'api-version': '2026-03-01' };

beforeAll(async () => {
  server = await startEstateServer();
  server.addRoutes([...httpControlRoutes(server), ...testRoutes(server.kit)]);
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.reset();
  server.latency.reset();
  server.faults.clear();
});

describe('routing', () => {
  it('matches literal segments case-insensitively and decodes parameters', async () => {
    const client = armClient(server.url, server.ca);
    const res = await client
      .pathUnchecked(`/SUBSCRIPTIONS/${SUB}/resourcegroups/rg-test/providers/microsoft.test/WIDGETS/my%20widget`)
      .get({ queryParameters: API });
    expect(res.status).toBe('200');
    expect(res.body).toMatchObject({ params: { sub: SUB, rg: 'rg-test', name: 'my widget' }, principal: 'oid-tests' });
  });

  it('captures the remainder with a trailing *rest (also when empty)', async () => {
    expect((await httpsCall(`${server.url}/files/a/b/c.txt`, server.ca)).json()).toEqual({ rest: 'a/b/c.txt' });
    expect((await httpsCall(`${server.url}/files`, server.ca)).json()).toEqual({ rest: '' });
  });

  it('answers 404 NotFound naming method and path, with Azure request headers', async () => {
    const res = await httpsCall(`${server.url}/nope/here?x=1`, server.ca, { method: 'PATCH' });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ error: { code: 'NotFound', message: expect.stringContaining('PATCH /nope/here') as unknown } });
    expect(res.headers['x-ms-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers['x-ms-correlation-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(Date.parse(res.headers.date ?? '')).not.toBeNaN();
  });

  it('answers 405 with Allow when the path exists but the method does not', async () => {
    const res = await httpsCall(`${server.url}${WIDGETS}/w1`, server.ca, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${fakeJwt({ oid: 'x' })}` },
    });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, DELETE, PUT');
  });

  it('echoes the client correlation id', async () => {
    const res = await httpsCall(`${server.url}/files/x`, server.ca, { headers: { 'x-ms-correlation-request-id': 'corr-123' } });
    expect(res.headers['x-ms-correlation-request-id']).toBe('corr-123');
  });
});

describe('requests', () => {
  it('answers 401 AuthenticationFailed with WWW-Authenticate when a bearer route gets no token', async () => {
    const res = await httpsCall(`${server.url}${WIDGETS}/w1?api-version=2026-03-01`, server.ca);
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: { code: 'AuthenticationFailed' } });
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
  });

  it('takes the principal from oid, else sub, else a hash of an opaque token', async () => {
    const call = (token: string) => httpsCall(`${server.url}${WIDGETS}/w1`, server.ca, { headers: { authorization: `Bearer ${token}` } });
    expect((await call(fakeJwt({ sub: 'sub-only' }))).json()).toMatchObject({ principal: 'sub-only' });
    const opaque = (await call('not-a-jwt')).json() as { principal: string };
    expect(opaque.principal).toMatch(/^token-[0-9a-f]{12}$/);
    expect((await call('not-a-jwt')).json()).toEqual(opaque);
  });

  it('rejects malformed JSON with 400 InvalidRequestContent and parses JSON-ish bodies', async () => {
    const headers = { authorization: `Bearer ${fakeJwt({ oid: 'o' })}`, 'content-type': 'application/json' };
    const bad = await httpsCall(`${server.url}${WIDGETS}/w1`, server.ca, { method: 'PUT', headers, body: '{"tags":' });
    expect(bad.status).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'InvalidRequestContent' } });
    const good = await httpsCall(`${server.url}${WIDGETS}/w1`, server.ca, {
      method: 'PUT',
      headers: { ...headers, 'content-type': 'application/merge-patch+json' },
      body: '{"tags":{"a":"b"}}',
    });
    expect(good.json()).toEqual({ tags: { a: 'b' } });
  });

  it('logs every request with service, kind, principal and status', async () => {
    const client = armClient(server.url, server.ca, { oid: 'oid-log' });
    await client.pathUnchecked(`${WIDGETS}/w1`).get({ queryParameters: API });
    await client.pathUnchecked(`${WIDGETS}/w1`).delete({ queryParameters: API });
    await httpsCall(`${server.url}/missing`, server.ca);
    const entries = server.requests.entries();
    expect(entries.map((e) => [e.method, e.service, e.kind, e.principal, e.status])).toEqual([
      ['GET', 'arm', 'read', 'oid-log', 200],
      ['DELETE', 'arm', 'delete', 'oid-log', 200],
      ['GET', undefined, 'read', undefined, 404],
    ]);
    expect(entries[0]?.query).toBe('api-version=2026-03-01');
    expect(server.requests.summary()).toMatchObject({ total: 3, byService: { arm: 2, unmatched: 1 } });
  });
});

describe('latency', () => {
  it('delays answers per service and leaves the control API alone', async () => {
    server.latency.set(120, 'logAnalytics');
    server.latency.set(60);
    const timed = async (path: string): Promise<number> => {
      const started = performance.now();
      await httpsCall(`${server.url}${path}`, server.ca);
      return performance.now() - started;
    };
    expect(await timed('/files/x')).toBeGreaterThanOrEqual(115);
    expect(await timed('/_estate/faults')).toBeLessThan(50);
  });

  it('is settable through PUT /_estate/latency', async () => {
    const res = await httpsCall(`${server.url}/_estate/latency`, server.ca, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ defaultMs: 5, services: { arm: 40 } }),
    });
    expect(res.json()).toEqual({ defaultMs: 5, services: { arm: 40 } });
    expect(server.latency.for('arm')).toBe(40);
    expect(server.latency.for('eventGrid')).toBe(5);
  });
});

describe('control API', () => {
  it('adds, lists and removes fault rules over HTTP', async () => {
    const json = { 'content-type': 'application/json' };
    const added = await httpsCall(`${server.url}/_estate/faults`, server.ca, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ kind: 'status', status: 503, path: '^/files/', times: 'Infinity' }),
    });
    expect(added.status).toBe(201);
    const rule = added.json() as { id: string; times: unknown };
    expect(rule.times).toBe('Infinity');
    expect((await httpsCall(`${server.url}/files/a`, server.ca)).status).toBe(503);
    expect((await httpsCall(`${server.url}/files/a`, server.ca)).status).toBe(503);
    const listed = (await httpsCall(`${server.url}/_estate/faults`, server.ca)).json() as { value: { hits: number }[] };
    expect(listed.value[0]?.hits).toBe(2);
    expect((await httpsCall(`${server.url}/_estate/faults/${rule.id}`, server.ca, { method: 'DELETE' })).status).toBe(204);
    expect((await httpsCall(`${server.url}/files/a`, server.ca)).status).toBe(200);
  });

  it('validates control bodies', async () => {
    const res = await httpsCall(`${server.url}/_estate/faults`, server.ca, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ kind: 'explode' }),
    });
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'InvalidRequestContent', message: expect.stringContaining('kind') as unknown } });
  });

  it('reports request counts and recent entries', async () => {
    await httpsCall(`${server.url}/files/a`, server.ca);
    const summary = (await httpsCall(`${server.url}/_estate/requests?service=logAnalytics&last=5`, server.ca)).json();
    expect(summary).toMatchObject({ total: 1, byService: { logAnalytics: 1 }, entries: [{ path: '/files/a', status: 200 }] });
  });
});
