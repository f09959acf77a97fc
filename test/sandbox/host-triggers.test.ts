// Timers (schedule, overlap skip, runOnStartup, admin run-now) and the Event Grid webhook of the local host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureRegistrations, type FunctionRegistry } from '../../sandbox/host/registry.js';
import { loadFunctions } from '../../sandbox/host/loadFunctions.js';
import { startLocalHost, type LocalHost } from '../../sandbox/host/localHost.js';
import type { LogEntry } from '../../sandbox/host/log.js';
import type { Timer } from '@azure/functions';

let registry: FunctionRegistry;
let manual: LocalHost;
let calls: Array<{ fn: string; input: unknown; invocationId: string; at: number }>;
const logs: LogEntry[] = [];
const log = (e: LogEntry): void => void logs.push(e);

async function waitFor(check: () => boolean, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

beforeAll(async () => {
  registry = captureRegistrations({ log });
  await loadFunctions({ registry, modules: 'test/fixtures/host/triggerFunctions.ts', log });
  // The fixture module loaded by the host is the same instance the test imports here.
  ({ calls } = await import('../fixtures/host/triggerFunctions.js'));
  manual = await startLocalHost({ registry, port: 0, log, timers: 'manual' });
});

afterAll(async () => {
  await manual?.close();
  registry?.stopCapture();
});

describe('timers', () => {
  it('fires on a 1-second NCRONTAB schedule, skips a tick while the previous run is going, honours runOnStartup', async () => {
    const startedAt = Date.now();
    const scheduled = await startLocalHost({ registry, port: 0, log });
    try {
      await new Promise((r) => setTimeout(r, 2300)); // first tick ≤ 1 s after start, the skipped one 1 s later
    } finally {
      await scheduled.close();
    }
    const mine = calls.filter((c) => c.at >= startedAt);
    expect(mine.filter((c) => c.fn === 'everySecond').length).toBeGreaterThanOrEqual(1);
    const timer = mine.find((c) => c.fn === 'everySecond')?.input as Timer;
    expect(timer.isPastDue).toBe(false);
    expect(Date.parse(timer.scheduleStatus.next)).toBeGreaterThan(Date.parse(timer.scheduleStatus.lastUpdated));
    // slow runs 1.5 s on a 1 s schedule: one run, the overlapping tick skipped; close() waited for it to end.
    expect(mine.filter((c) => c.fn === 'slow:start')).toHaveLength(mine.filter((c) => c.fn === 'slow:end').length);
    expect(logs.some((e) => e.functionName === 'slow' && e.level === 'warning' && /skipped/.test(e.message))).toBe(true);
    expect(mine.filter((c) => c.fn === 'nightly')).toHaveLength(1);
  });

  it('runs a timer now through the admin API (202) and through runFunction', async () => {
    const before = calls.filter((c) => c.fn === 'nightly').length;
    const res = await fetch(`${manual.url}/admin/functions/Nightly`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ input: '' }),
    });
    expect(res.status).toBe(202);
    await waitFor(() => calls.filter((c) => c.fn === 'nightly').length === before + 1);
    await manual.runFunction('nightly');
    expect(calls.filter((c) => c.fn === 'nightly')).toHaveLength(before + 2);
  });

  it('reports timer failures: runFunction rejects, the admin API still answers 202 and the error is logged', async () => {
    await expect(manual.runFunction('failingTimer')).rejects.toThrow('timer failed on purpose');
    const res = await fetch(`${manual.url}/admin/functions/failingTimer`, { method: 'POST', body: '{}' });
    expect(res.status).toBe(202);
    await waitFor(() => logs.filter((e) => e.functionName === 'failingTimer' && e.level === 'error').length >= 2);
  });

  it('answers 404 for unknown functions and 400 for a bad admin body', async () => {
    expect((await fetch(`${manual.url}/admin/functions/nope`, { method: 'POST', body: '{}' })).status).toBe(404);
    expect((await fetch(`${manual.url}/admin/functions/nightly`, { method: 'POST', body: '{not json' })).status).toBe(400);
    await expect(manual.runFunction('nope')).rejects.toThrow(/No function named "nope"/);
  });
});

describe('Event Grid webhook', () => {
  const webhook = (fn = 'onBackupEvent'): string => `${manual.url}/runtime/webhooks/eventgrid?functionName=${fn}`;
  const post = (body: string, type = 'Notification', contentType = 'application/json', fn?: string): Promise<Response> =>
    fetch(webhook(fn), { method: 'POST', headers: { 'aeg-event-type': type, 'content-type': contentType }, body });
  const cloudEvent = (id: string, data: object = {}): object => ({
    specversion: '1.0',
    id,
    type: 'Microsoft.DataProtection.BackupJobCompleted',
    source: '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v',
    time: '2026-11-21T10:00:00Z',
    data,
  });
  const received = (): unknown[] => calls.filter((c) => c.fn === 'onBackupEvent').map((c) => c.input);

  it('delivers a single CloudEvent as sent', async () => {
    const res = await post(
      JSON.stringify(cloudEvent('ce-1', { jobId: 'j1' })),
      'Notification',
      'application/cloudevents+json; charset=utf-8',
    );
    expect([200, 202]).toContain(res.status);
    expect(received().at(-1)).toEqual(cloudEvent('ce-1', { jobId: 'j1' }));
  });

  it('invokes the handler once per event for a CloudEvents batch and an EventGrid-schema array', async () => {
    const before = received().length;
    const batch = await post(JSON.stringify([cloudEvent('b-1'), cloudEvent('b-2')]), 'Notification', 'application/cloudevents-batch+json');
    expect(batch.status).toBe(202);
    const egEvent = {
      id: 'eg-1',
      eventType: 'Microsoft.Storage.BlobCreated',
      subject: '/x',
      eventTime: '2026-11-21T10:00:00Z',
      data: {},
      dataVersion: '1',
    };
    expect((await post(JSON.stringify([egEvent]))).status).toBe(202);
    expect(
      received()
        .slice(before)
        .map((e) => (e as { id: string }).id),
    ).toEqual(['b-1', 'b-2', 'eg-1']);
  });

  it('answers 500 when a handler throws, so Event Grid retries', async () => {
    const res = await post(JSON.stringify([cloudEvent('ok-1'), cloudEvent('bad-1', { fail: true })]));
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('bad-1');
  });

  it('answers the SubscriptionValidation handshake for both schemas', async () => {
    const eg = await post(
      JSON.stringify([{ id: 'v', eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent', data: { validationCode: 'code-1' } }]),
      'SubscriptionValidation',
    );
    expect(eg.status).toBe(200);
    expect(await eg.json()).toEqual({ validationResponse: 'code-1' });
    const ce = await post(
      JSON.stringify({ ...cloudEvent('v2'), data: JSON.stringify({ validationCode: 'code-2' }) }),
      'SubscriptionValidation',
    );
    expect(await ce.json()).toEqual({ validationResponse: 'code-2' });
  });

  it('answers the CloudEvents OPTIONS abuse-protection handshake', async () => {
    const res = await fetch(webhook(), { method: 'OPTIONS', headers: { 'WebHook-Request-Origin': 'eventgrid.azure.net' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('webhook-allowed-origin')).toBe('eventgrid.azure.net');
    expect(res.headers.get('webhook-allowed-rate')).toBe('*');
  });

  it('rejects unknown functions (404), malformed JSON and missing aeg-event-type (400)', async () => {
    expect((await post('[]', 'Notification', 'application/json', 'unknownFn')).status).toBe(404);
    expect((await post('{oops')).status).toBe(400);
    const noType = await fetch(webhook(), { method: 'POST', body: '[]' });
    expect(noType.status).toBe(400);
  });

  it('runs an Event Grid function through runFunction with a JSON string input', async () => {
    await manual.runFunction('onBackupEvent', JSON.stringify(cloudEvent('direct-1')));
    expect((received().at(-1) as { id: string }).id).toBe('direct-1');
  });
});
