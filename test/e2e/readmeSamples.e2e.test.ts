// The README's walk-through and sample alert, against the local stack over HTTP: the estate's control API as the README
// documents it (inject a failure, advance the clock), and the sample body for POST /api/alerts accepted as it stands.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startLocalStack, type LocalStack } from '../../sandbox/localStack.js';
import { parseCloudEvent } from '../../shared/events/cloudEvent.js';

const SAMPLE = 'sandbox/samples/alert-backup-job-failed.json';
let stack: LocalStack;

beforeAll(async () => {
  stack = await startLocalStack({ port: 0, timers: 'manual', log: () => undefined });
});
afterAll(() => stack?.close());

/** A call to the estate's control API as curl -k makes it (the estate's certificate is made at start). */
function control(method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${stack.estate!.url}${path}`,
      { method, ca: stack.estate!.ca, headers: { 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, json: text ? (JSON.parse(text) as unknown) : undefined });
        });
      },
    );
    req.on('error', reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

it('the README shows the sample alert exactly as the file the walk-through posts', () => {
  const readme = readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('### A sample alert for `POST /api/alerts`'));
  const block = /```json\n([\s\S]*?)\n```/.exec(section)?.[1];
  expect(JSON.parse(block ?? 'null')).toEqual(JSON.parse(readFileSync(SAMPLE, 'utf8')));
});

it('the walk-through: a failure injected and the clock advanced make the sample alert publish the failed job', async () => {
  const failing = await control('POST', '/_estate/instances/behaviour', {
    instance: 'prod-neu-shop',
    behaviour: 'failing',
    failureCode: 'UserErrorSnapshotFailed',
    failureMessage: 'Snapshot of the persistent volume failed.',
  });
  expect(failing).toMatchObject({ status: 200, json: { name: 'prod-neu-shop', behaviour: 'failing' } });
  const moved = await control('POST', '/_estate/clock/advance', { by: 'PT3H30M' });
  const now = (moved.json as { now: string }).now;
  const rpo = (await (await fetch(`${stack.url}/api/rpo?cluster=aks-prod-neu`)).json()) as {
    instances: { name: string; verdict: string }[];
  };
  expect(rpo.instances.find((i) => i.name === 'prod-neu-shop')?.verdict).toBe('breached');

  const alert = JSON.parse(readFileSync(SAMPLE, 'utf8')) as { data: { essentials: { firedDateTime: string } } };
  alert.data.essentials.firedDateTime = now;
  const res = await fetch(`${stack.url}/api/alerts`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(alert),
  });
  expect(res.status).toBe(202);
  const answer = (await res.json()) as { jobs: number; published: string[] };
  expect(answer).toMatchObject({ jobs: 1, published: [expect.any(String)] });
  const published = stack.estate!.control.eventGrid.events().map((r) => parseCloudEvent(r.event));
  const failed = published.find((p) => 'value' in p && p.value.id === answer.published[0]);
  expect(failed && 'value' in failed ? [failed.value.type, failed.value.source, failed.value.subject.split('/').at(-1)] : []).toEqual([
    'Autopilot.Backup.JobFailed',
    '/autopilot/alertIngest',
    'prod-neu-shop',
  ]);
});
