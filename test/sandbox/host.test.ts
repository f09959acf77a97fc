// The local host serves the app's own app.http registrations over real HTTP (fetch), like `func start` would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureRegistrations, type FunctionRegistry } from '../../sandbox/host/registry.js';
import { loadFunctions } from '../../sandbox/host/loadFunctions.js';
import { startLocalHost, type LocalHost } from '../../sandbox/host/localHost.js';
import type { LogEntry } from '../../sandbox/host/log.js';

let registry: FunctionRegistry;
let host: LocalHost;
const logs: LogEntry[] = [];

beforeAll(async () => {
  registry = captureRegistrations({ log: (e) => logs.push(e) });
  await loadFunctions({ registry, modules: ['test/fixtures/host/httpFunctions.ts'], log: (e) => logs.push(e) });
  host = await startLocalHost({ registry, port: 0, log: (e) => logs.push(e), timers: 'manual' });
});

afterAll(async () => {
  await host?.close();
  registry?.stopCapture();
});

describe('capture', () => {
  it('records every app.http / verb-shortcut registration with its options', () => {
    expect(registry.names()).toEqual(['items', 'itemsSpecial', 'echo', 'files', 'stream', 'boom', 'removeThing', 'nothing']);
    expect(registry.http.get('items')).toMatchObject({ route: 'items/{id:int}/{name?}', methods: ['GET'], authLevel: 'function' });
    expect(registry.http.get('echo')?.methods).toEqual(['POST']);
    expect(registry.http.get('removeThing')?.methods).toEqual(['DELETE']);
  });
});

describe('HTTP triggers', () => {
  it('routes with typed params, optional params and repeated query keys, without demanding a key for authLevel function', async () => {
    const res = await fetch(`${host.url}/api/items/42/widget?tag=a&tag=b`, {
      headers: { traceparent: `00-${'ab'.repeat(16)}-${'cd'.repeat(8)}-01` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ id: '42', name: 'widget', tags: ['a', 'b'], functionName: 'items', triggerType: 'httpTrigger' });
    expect(body.invocationId).toMatch(/^[0-9a-f-]{36}$/);
    // The invocation joins the caller's trace with a new span.
    expect(body.traceParent).toMatch(new RegExp(`^00-${'ab'.repeat(16)}-[0-9a-f]{16}-01$`));
    expect(body.traceParent).not.toContain('cd'.repeat(8));

    const withoutName = (await (await fetch(`${host.url}/API/Items/7`)).json()) as Record<string, unknown>;
    expect(withoutName).toMatchObject({ id: '7', name: null });
  });

  it('writes context.log calls as structured entries of that invocation', async () => {
    const res = await fetch(`${host.url}/api/items/5`);
    const { invocationId } = (await res.json()) as { invocationId: string };
    const entry = logs.find((e) => e.category === 'function' && e.invocationId === invocationId);
    expect(entry).toMatchObject({ level: 'information', functionName: 'items', message: 'looking up item 5' });
    expect(logs.some((e) => e.invocationId === invocationId && /Executed 'Functions.items' \(Succeeded/.test(e.message))).toBe(true);
  });

  it('fails a route constraint with 404 and prefers literal routes over parameters', async () => {
    expect((await fetch(`${host.url}/api/items/abc`)).status).toBe(404);
    const special = await fetch(`${host.url}/api/items/special`);
    expect(special.status).toBe(200);
    expect(await special.text()).toBe('special');
  });

  it('passes the JSON body, returns status, headers and cookies', async () => {
    const res = await fetch(`${host.url}/api/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-in': 'hello' },
      body: JSON.stringify({ a: 1 }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('x-echo')).toBe('hello');
    expect(res.headers.getSetCookie()).toEqual(['sid=abc; Path=/; HttpOnly']);
    expect(await res.json()).toEqual({ received: { a: 1 }, method: 'POST', url: `${host.url}/api/echo` });
  });

  it('round-trips binary bodies through a catch-all route and an HttpResponse instance', async () => {
    const bytes = new Uint8Array([0, 1, 2, 250, 255]);
    const res = await fetch(`${host.url}/api/files/a/b%20c.bin`, { method: 'PUT', body: bytes });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-path')).toBe('a/b c.bin');
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });

  it('sends a ReadableStream body and answers 204 when nothing is returned', async () => {
    expect(await (await fetch(`${host.url}/api/stream`)).text()).toBe('chunk1-chunk2');
    const nothing = await fetch(`${host.url}/api/nothing`);
    expect(nothing.status).toBe(204);
    expect(await nothing.text()).toBe('');
    const removed = await fetch(`${host.url}/api/things/6f1c1b7e-9a53-4f43-9e7a-0c2d3c4b5a69`, { method: 'DELETE' });
    expect(removed.status).toBe(204);
  });

  it('answers 500 with a generic body when the handler throws, and logs the error', async () => {
    const res = await fetch(`${host.url}/api/boom`);
    expect(res.status).toBe(500);
    expect(await res.text()).not.toContain('kaboom');
    expect(logs.some((e) => e.level === 'error' && e.functionName === 'boom' && e.message.includes('kaboom: internal detail'))).toBe(true);
  });

  it('answers 405 with Allow for a wrong method and 404 for unknown routes', async () => {
    const wrong = await fetch(`${host.url}/api/echo`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect((await fetch(`${host.url}/api/does-not-exist`)).status).toBe(404);
    expect((await fetch(`${host.url}/elsewhere`)).status).toBe(404);
  });

  it('serves a status document at / and /admin/host/status', async () => {
    for (const path of ['/', '/admin/host/status']) {
      const status = (await (await fetch(host.url + path)).json()) as { state: string; functions: Array<{ name: string }> };
      expect(status.state).toBe('Running');
      expect(status.functions.map((f) => f.name)).toContain('echo');
    }
  });
});
