// A feature switched off (FEATURES_OFF) does nothing and says so once; the rest runs. Local mode names, one line per
// setting, each of the operator's settings that the simulated estate overrides — and says when it was bad anyway.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LogEntry } from '../../sandbox/host/index.js';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';

const logs: LogEntry[] = [];
let stack: LocalStack;

beforeAll(async () => {
  // As if exported in the shell before `npm start`: the operator's own values, which the estate replaces.
  process.env.AZURE_SUBSCRIPTION_IDS = 'not-a-guid';
  process.env.TEAMS_WEBHOOK_URL = 'https://outlook.office.com/webhook/abc/IncomingWebhook/def?sig=TOPSECRET';
  stack = await startLocalStack({
    port: 0,
    timers: 'manual',
    log: (e) => void logs.push(e),
    settings: { FEATURES_OFF: 'job-logs,alert-ingest' },
  });
});
afterAll(() => stack?.close());

it('names each overridden setting on one line, with what was wrong with it, never the webhook secret', () => {
  const lines = logs.filter((e) => e.message.startsWith('local mode: ')).map((e) => e.message);
  const subscriptions = lines.filter((l) => l.startsWith('local mode: AZURE_SUBSCRIPTION_IDS '));
  expect(subscriptions).toEqual([
    expect.stringMatching(/yours \("not-a-guid"\) is ignored and is not valid either \(must list one or more subscription GUIDs/),
  ]);
  const teams = lines.filter((l) => l.startsWith('local mode: TEAMS_WEBHOOK_URL '));
  expect(teams).toEqual([expect.stringContaining('yours ("https://outlook.office.com/…(redacted)") is ignored')]);
  expect(lines.join('\n')).not.toContain('TOPSECRET');
  expect(lines.every((l) => !l.includes('\n'))).toBe(true);
  // Settings the operator did not set are not "overridden".
  expect(lines.some((l) => l.startsWith('local mode: ARM_ENDPOINT '))).toBe(false);
});

it('a switched-off timer logs once that it is off and does nothing, tick after tick', async () => {
  const before = logs.length;
  const queries = () => stack.estate!.control.requests.entries((r) => r.service === 'logAnalytics').length;
  const sent = queries();
  for (let tick = 0; tick < 3; tick++) await stack.host.runFunction('jobLogsTimer');
  const mine = logs.slice(before).filter((e) => e.functionName === 'jobLogsTimer');
  expect(mine.filter((e) => e.message.includes('feature job-logs is switched off (FEATURES_OFF)'))).toHaveLength(1);
  expect(mine.filter((e) => /\(Succeeded/.test(e.message))).toHaveLength(3);
  expect(mine.some((e) => e.level === 'error' || e.level === 'warning')).toBe(false);
  expect(queries()).toBe(sent);
});

it('a switched-off HTTP function answers 404 JSON naming FEATURES_OFF; a feature that is on still runs', async () => {
  const res = await fetch(`${stack.url}/api/alerts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
  expect(res.status).toBe(404);
  expect(await res.json()).toEqual({
    error: {
      code: 'FeatureOff',
      setting: 'FEATURES_OFF',
      feature: 'alert-ingest',
      message: expect.stringContaining('switched off') as string,
    },
  });
  const before = logs.length;
  await stack.host.runFunction('jobWatchTimer');
  expect(logs.slice(before).some((e) => e.functionName === 'jobWatchTimer' && e.message.startsWith('job watch'))).toBe(true);
});
