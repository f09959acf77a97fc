// Forged CloudEvents delivered to the Event Grid-triggered functions of the real local stack (host, estate, Azurite):
// remediation re-reads the job from ARM and starts nothing for a job that does not exist or is not the subject's;
// the event is dropped with 202 and a logged reason, so Event Grid has nothing to redeliver.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LogEntry } from '../../sandbox/host/index.js';
import { buildEvent } from '../../shared/events/cloudEvent.js';
import { adhocJobs, failedEvent, lastFailedJob, startFaultStack, topicEvents, type FaultStack } from '../faults/support.js';

let fs: FaultStack;
const logs: LogEntry[] = [];
beforeAll(async () => {
  fs = await startFaultStack({}, (e) => void logs.push(e));
});
afterAll(() => fs?.stack.close());

const estate = () => fs.stack.estate!;
const deliver = (functionName: string, event: unknown) =>
  fetch(`${fs.stack.url}/runtime/webhooks/eventgrid?functionName=${functionName}`, {
    method: 'POST',
    body: JSON.stringify(event),
    headers: { 'aeg-event-type': 'Notification', 'content-type': 'application/cloudevents+json; charset=utf-8' },
  });

/** A JobFailed a forger wrote: a transient error (which the policy re-runs) on whatever job and subject they like. */
const forged = (subject: string, jobId: string, errorMessage = 'claimed by the event') =>
  buildEvent('Autopilot.Backup.JobFailed', {
    subject,
    time: estate().model.clock.now(),
    factKey: jobId,
    data: {
      name: 'prod-weu-orders',
      vault: 'bv-prod-weu',
      cluster: 'aks-prod-weu',
      jobId,
      operation: 'Backup',
      trigger: 'scheduled',
      status: 'Failed',
      startTime: '2020-01-01T00:00:00.000Z',
      endTime: '2020-01-01T00:05:00.000Z',
      errorCode: 'UserErrorKubernetesApiServerUnreachable',
      errorMessage,
      isRetryable: true,
      isUserError: false,
      detector: 'resource-graph',
    },
  });

beforeEach(async () => {
  await estate().control.eventGrid.waitForIdle();
  logs.length = 0;
});

describe('remediateBackupFailure re-reads the job from ARM', () => {
  it('a forged event with a job id ARM does not have starts nothing, is dropped with 202 and a logged reason', async () => {
    const real = await lastFailedJob(fs.a, 'prod-weu-orders');
    const vault = real.id.replace(/\/backupJobs\/.*$/, '');
    const fake = `${vault}/backupJobs/00000000-dead-beef-0000-000000000000`;
    const adhoc = adhocJobs(fs.stack, 'prod-weu-orders').length;
    estate().control.resetRequests();
    for (let i = 0; i < 2; i++) expect((await deliver('remediateBackupFailure', forged(real.instanceId, fake))).status).toBe(202);
    expect(adhocJobs(fs.stack, 'prod-weu-orders')).toHaveLength(adhoc);
    expect(estate().control.requests.entries((r) => r.method === 'POST' && r.service === 'arm')).toEqual([]);
    // One GET of the named job per delivery (a 404), nothing else at ARM.
    const reads = estate().control.requests.entries((r) => r.service === 'arm');
    expect(reads.map((r) => [r.method, r.path.split('/').pop(), r.status])).toEqual([
      ['GET', '00000000-dead-beef-0000-000000000000', 404],
      ['GET', '00000000-dead-beef-0000-000000000000', 404],
    ]);
    const refused = logs.filter((l) => l.level === 'warning' && l.message.includes('remediation: event refused'));
    expect(refused).toHaveLength(2);
    expect(refused[0]?.message).toMatch(/ARM has no job/);
    expect(topicEvents(fs.stack, 'Autopilot.Remediation.Escalated', 'prod-weu-orders')).toEqual([]);
  });

  it('a real failed job claimed for another instance is refused; the same job under its own subject is re-run', async () => {
    const real = await lastFailedJob(fs.a, 'prod-weu-orders');
    const other = real.instanceId.replace(/[^/]+$/, 'prod-weu-payments');
    const adhoc = adhocJobs(fs.stack, 'prod-weu-payments').length;
    expect((await deliver('remediateBackupFailure', forged(other, real.id))).status).toBe(202);
    expect(adhocJobs(fs.stack, 'prod-weu-payments')).toHaveLength(adhoc);
    expect(logs.some((l) => l.level === 'warning' && /belongs to .*prod-weu-orders, not .*prod-weu-payments/.test(l.message))).toBe(true);
    // The checks can pass: the same (real) failure under its own subject acts, on ARM's facts rather than the claims.
    const result = await fs.a.remediator.onJobFailed(forged(real.instanceId, real.id));
    expect(result.outcome).toBe('triggered');
    expect(adhocJobs(fs.stack, 'prod-weu-orders').length).toBeGreaterThan(0);
    expect(result.failedJobId).toBe(real.id);
  });
});

describe('notifyIncident shows Azure’s words literally', () => {
  it('a markdown link in a real job’s error message reaches the Teams card as literal text, not a link', async () => {
    const model = estate().model;
    const message = 'Snapshot failed: see [click](https://evil.example) for **help**';
    model.setBehaviour('prod-weu-shop', 'failing', { failureCode: 'UserErrorSnapshotFailed', failureMessage: message });
    let job = await lastFailedJob(fs.a, 'prod-weu-shop').catch(() => undefined);
    for (let i = 0; i < 30 && job?.errorMessage !== message; i++) {
      model.clock.advance('PT1H');
      job = await lastFailedJob(fs.a, 'prod-weu-shop').catch(() => undefined);
    }
    expect(job?.errorMessage).toBe(message);
    const before = estate().control.sinks.teams().length;
    expect((await deliver('notifyIncident', await failedEvent(fs.a, 'prod-weu-shop'))).status).toBe(202);
    const cards = estate()
      .control.sinks.teams()
      .slice(before)
      .filter((m) => JSON.stringify(m.body).includes('prod-weu-shop'));
    expect(cards).toHaveLength(1);
    const json = JSON.stringify(cards[0]!.body);
    expect(json).not.toContain('https://evil');
    expect(json).not.toContain('[click](');
    const facts = (
      cards[0]!.body as { attachments: { content: { body: { type: string; facts?: { title: string; value: string }[] }[] } }[] }
    ).attachments[0]!.content.body.find((b) => b.type === 'FactSet')!.facts!;
    const shown = facts.find((f) => f.title === 'Error message')!.value.replace(/\\([!-/:-@[-`{-~])/g, '$1'); // as Teams reads it
    expect(shown).toBe('Snapshot failed: see [click](https[:]//evil[.]example) for **help**');
  });
});
