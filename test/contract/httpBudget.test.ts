// The HTTP path's short retry budget on the real ARM transport (@azure-rest/core-client pipeline) against real
// sockets: a host that accepts connections and never answers, and an HTTPS server answering 503 (with and without
// Retry-After). Counted on the server side: what the client really sent.
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer, type Server, type Socket } from 'node:net';
import { AggregateAuthenticationError, CredentialUnavailableError } from '@azure/identity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCertificate } from '../../sandbox/estate/http/tls.js';
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';
import { withHttpBudget } from '../../shared/adapters/arm/httpBudget.js';
import { upstreamFailure } from '../../shared/adapters/arm/upstream.js';

const SHORT = { maxRetries: 1, maxWaitMs: 1_000, attemptTimeoutMs: 300 };

let silent: Server;
const sockets: Socket[] = [];
let silentUrl: string;
let https: HttpsServer;
let httpsUrl: string;
let ca: string;
let answers: { status: number; headers: Record<string, string> }[] = [];
let hits = 0;

const listen = (server: Server | HttpsServer): Promise<number> =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port)));

beforeAll(async () => {
  // Accepts TCP and never speaks: the TLS handshake (and so the request) hangs until the client gives up.
  silent = createServer((socket) => void sockets.push(socket));
  silentUrl = `https://127.0.0.1:${await listen(silent)}`;
  const cert = await generateCertificate();
  ca = cert.cert;
  https = createHttpsServer({ key: cert.key, cert: cert.cert }, (req, res) => {
    hits++;
    const answer = answers.shift() ?? { status: 200, headers: {} };
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(JSON.stringify(answer.status === 200 ? { ok: true } : { error: { code: 'ServiceUnavailable', message: 'try later' } }));
  });
  httpsUrl = `https://127.0.0.1:${await listen(https)}`;
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => silent.close(r));
  await new Promise((r) => https.close(r));
});

const transport = (endpoint: string) =>
  new ArmTransport(
    { endpoint, scope: 'https://management.azure.com/.default', apiVersion: '2026-03-01' },
    {
      credential: new LocalDevCredential('budget-test'),
      caPem: ca,
      http: { maxRetries: 4, retryDelayMs: 10, timeoutMs: 30_000, concurrency: 4 },
    },
  );
const table = (url: string) => [['ARM_ENDPOINT', url]] as const;

describe('inside withHttpBudget', () => {
  it('gives a silent host one attempt of attemptTimeoutMs, and refuses further calls to it at once', async () => {
    const arm = transport(silentUrl);
    const connections = sockets.length;
    const first = await withHttpBudget(async () => {
      const errors: unknown[] = [];
      for (const path of ['/providers/Microsoft.ResourceGraph/resources', '/subscriptions']) {
        await arm.get(path).catch((e: unknown) => errors.push(e));
      }
      return errors;
    }, SHORT);
    expect(first).toHaveLength(2);
    // One connection for both calls: no retry after the timeout, and the second call never dialled the dead host.
    expect(sockets.length - connections).toBe(1);
    expect(upstreamFailure(first[0], table(silentUrl))).toMatchObject({ kind: 'timeout', setting: 'ARM_ENDPOINT', detail: 'ETIMEDOUT' });
    expect(first[1]).toBe(first[0]);
  });

  it('retries a 503 once, and gives up at once when Retry-After is longer than the budget waits', async () => {
    const arm = transport(httpsUrl);
    answers = [
      { status: 503, headers: {} },
      { status: 503, headers: {} },
      { status: 503, headers: {} },
    ];
    hits = 0;
    const plain = await withHttpBudget(() => arm.get('/subscriptions').catch((e: unknown) => e), SHORT);
    expect(hits).toBe(2);
    expect(upstreamFailure(plain, table(httpsUrl))).toMatchObject({ kind: 'unavailable', detail: '503' });

    answers = [{ status: 429, headers: { 'retry-after': '120' } }];
    hits = 0;
    const throttled = await withHttpBudget(() => arm.get('/subscriptions').catch((e: unknown) => e), SHORT);
    expect(hits).toBe(1);
    expect(upstreamFailure(throttled, table(httpsUrl))).toMatchObject({ kind: 'unavailable', detail: '429', retryAfterSeconds: 120 });
  });
});

describe('classification', () => {
  it('names AZURE_AUTH_MODE when no credential can get a token, in one line', () => {
    const error = new AggregateAuthenticationError(
      [
        new CredentialUnavailableError('EnvironmentCredential is unavailable.'),
        new CredentialUnavailableError('Azure CLI could not be found.'),
      ],
      'ChainedTokenCredential authentication failed.',
    );
    const failure = upstreamFailure(error, []);
    expect(failure).toMatchObject({ kind: 'credential', setting: 'AZURE_AUTH_MODE', detail: 'AggregateAuthenticationError' });
    expect(failure?.message).not.toContain('\n');
  });

  it('leaves errors that are not about an upstream alone (a 404 is for the caller to judge)', async () => {
    answers = [{ status: 404, headers: {} }];
    const error = await transport(httpsUrl)
      .get('/subscriptions/x')
      .catch((e: unknown) => e);
    expect(upstreamFailure(error, table(httpsUrl))).toBeUndefined();
    expect(upstreamFailure(new Error('a bug'), table(httpsUrl))).toBeUndefined();
  });
});

describe('outside it (timers)', () => {
  it('keeps the full budget: every retry the settings allow', async () => {
    const arm = transport(httpsUrl);
    answers = Array.from({ length: 5 }, () => ({ status: 503, headers: {} }));
    hits = 0;
    await expect(arm.get('/subscriptions')).rejects.toMatchObject({ statusCode: 503 });
    expect(hits).toBe(5);
    // A healthy call afterwards is unaffected by anything remembered inside a budget.
    expect(await arm.get('/subscriptions')).toEqual({ ok: true });
  });
});
