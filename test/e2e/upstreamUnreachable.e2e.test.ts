// ARM and the Event Grid topic on a port nobody listens on (LOCAL_ESTATE=off): the HTTP path answers 503 JSON naming
// the endpoint's setting, quickly (its own short retry budget), and timers log one structured line instead of a stack.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogEntry } from '../../sandbox/host/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';

const SUB = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg-backup-weu/providers/Microsoft.DataProtection/backupVaults/bv-prod-weu`;
const logs: LogEntry[] = [];
let stack: LocalStack;
let closed: string;

/** A loopback port that was free a moment ago and is closed now: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  closed = `https://127.0.0.1:${await closedPort()}`;
  stack = await startLocalStack({
    port: 0,
    estate: false,
    timers: 'manual',
    log: (e) => void logs.push(e),
    settings: {
      AZURE_AUTH_MODE: 'localDev',
      AZURE_SUBSCRIPTION_IDS: SUB,
      ARM_ENDPOINT: closed,
      EVENTGRID_TOPIC_ENDPOINT: `${closed}/api/events`,
      FEATURES_OFF: 'job-logs,notifications',
      // The timers' own (long) budget, made short so the test does not wait on it; the HTTP path ignores it.
      HTTP_RETRY_DELAY_MS: '20',
    },
  });
});
afterAll(() => stack?.close());

interface ErrorBody {
  error: { code: string; setting: string; endpointSetting: string; endpoint: string; kind: string; detail: string; message: string };
}

it.each([
  ['the fleet', ''],
  ['one instance', `?instance=${encodeURIComponent(`${VAULT}/backupInstances/prod-weu-orders`)}`],
])('GET /api/rpo for %s answers 503 naming ARM_ENDPOINT', async (_what, query) => {
  const res = await fetch(`${stack.url}/api/rpo${query}`);
  expect(res.status).toBe(503);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = (await res.json()) as ErrorBody;
  expect(body.error).toMatchObject({ code: 'UpstreamUnavailable', setting: 'ARM_ENDPOINT', kind: 'unreachable', detail: 'ECONNREFUSED' });
  expect(body.error.endpoint).toBe(closed);
  expect(body.error.message).toContain(`ARM_ENDPOINT (${closed}) is unreachable`);
});

it('POST /api/alerts answers 503 naming ARM_ENDPOINT, and logs one line', async () => {
  const before = logs.length;
  // The README's sample (a log search alert over AddonAzureBackupJobs on a vault of this subscription), fired now.
  const alert = JSON.parse(readFileSync('sandbox/samples/alert-backup-job-failed.json', 'utf8')) as {
    data: { essentials: { firedDateTime: string } };
  };
  alert.data.essentials.firedDateTime = new Date().toISOString();
  const res = await fetch(`${stack.url}/api/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alert),
  });
  expect(res.status).toBe(503);
  expect(((await res.json()) as ErrorBody).error.setting).toBe('ARM_ENDPOINT');
  const lines = logs.slice(before).filter((e) => e.category === 'function' && e.level === 'error');
  expect(lines).toHaveLength(1);
  expect(lines[0]!.message).toMatch(/^upstream unavailable \{.*"setting":"ARM_ENDPOINT"/);
  expect(lines[0]!.message).not.toContain('\n');
});

it('a timer whose upstream is down fails with one structured line and a one-line error, never a stack', async () => {
  const before = logs.length;
  await expect(stack.host.runFunction('jobWatchTimer')).rejects.toMatchObject({ name: 'UpstreamError', code: 'ECONNREFUSED' });
  const mine = logs.slice(before);
  const structured = mine.filter((e) => e.category === 'function' && e.level === 'error');
  expect(structured).toHaveLength(1);
  expect(JSON.parse(structured[0]!.message.replace(/^upstream unavailable /, ''))).toMatchObject({
    function: 'jobWatchTimer',
    setting: 'ARM_ENDPOINT',
    kind: 'unreachable',
  });
  const failed = mine.find((e) => /Executed 'Functions\.jobWatchTimer' \(Failed/.test(e.message));
  expect(failed?.message.split('\n')).toEqual([
    expect.any(String),
    `UpstreamError: ARM_ENDPOINT (${closed}) is unreachable: ${'connect ECONNREFUSED'} ${closed.replace('https://', '')}`,
  ]);
  expect(mine.some((e) => /\n\s+at /.test(e.message))).toBe(false);
});
