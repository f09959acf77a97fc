// Remediation acts on ARM's facts, never a JobFailed event's claims: the job is re-read by id and must exist, be
// Failed and belong to the event's instance; its start time, error code and retry flags are ARM's. Pure rules, then
// the Remediator on in-memory fakes of our own ports (test/support/trustFakes.ts).
import { describe, expect, it } from 'vitest';
import { eventJobId, eventJobsProblem, failureOfJob, jobRefusal } from '../../shared/domain/remediation/eventTrust.js';
import { buildEvent, type AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { Remediator } from '../../shared/usecases/remediation/remediation.js';
import type { JobFact } from '../../shared/usecases/ports.js';
import { MapRerunner, MemoryPublisher, MemoryStore } from '../support/trustFakes.js';

const SUB = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
const VAULT = `/subscriptions/${SUB}/resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/bv`;
const INSTANCE = `${VAULT}/backupInstances/prod-orders`;
const OTHER = `${VAULT}/backupInstances/prod-shop`;
const NOW = new Date('2026-11-21T03:00:00Z');

const armJob = (name: string, over: Partial<JobFact> = {}): JobFact => ({
  id: `${VAULT}/backupJobs/${name}`,
  instanceId: INSTANCE,
  instanceName: 'prod-orders',
  vault: 'bv',
  cluster: 'aks-prod',
  operation: 'Backup',
  trigger: 'scheduled',
  status: 'Failed',
  startTime: new Date('2026-11-21T02:00:00Z'),
  endTime: new Date('2026-11-21T02:05:00Z'),
  errorCode: 'UserErrorKubernetesApiServerUnreachable',
  errorMessage: 'api server unreachable',
  isRetryable: true,
  isUserError: false,
  ...over,
});

/** A JobFailed event whose claims a forger chose: a transient error, a start time, a name. */
function claim(jobId: string, subject = INSTANCE, over: Partial<AutopilotCloudEvent<'Autopilot.Backup.JobFailed'>['data']> = {}) {
  return buildEvent('Autopilot.Backup.JobFailed', {
    subject,
    time: NOW,
    factKey: jobId,
    data: {
      name: 'forged-name',
      vault: 'bv',
      cluster: 'aks-forged',
      jobId,
      operation: 'Backup',
      trigger: 'scheduled',
      status: 'Failed',
      startTime: '2020-01-01T00:00:00.000Z',
      endTime: '2020-01-01T00:05:00.000Z',
      errorCode: 'TransientInternalError',
      errorMessage: 'claimed',
      isRetryable: true,
      isUserError: false,
      detector: 'resource-graph',
      ...over,
    },
  });
}

describe('eventJobId / jobRefusal / failureOfJob', () => {
  it('places a bare job name in the subject’s vault and refuses a job of another vault', () => {
    expect(eventJobId(INSTANCE, 'abc')).toEqual({ id: `${VAULT}/backupJobs/abc` });
    expect(eventJobId(INSTANCE, `${VAULT}/backupJobs/abc`)).toEqual({ id: `${VAULT}/backupJobs/abc` });
    expect(eventJobId(INSTANCE, `${VAULT}2/backupJobs/abc`)).toHaveProperty('problem', expect.stringMatching(/not in the vault/));
    expect(eventJobId(VAULT, 'abc')).toHaveProperty('problem', expect.stringMatching(/not the ARM id of a backup instance/));
  });

  it('refuses a missing job, one of another instance, one that did not fail', () => {
    expect(jobRefusal(INSTANCE, undefined, 'j')).toMatch(/no job j/);
    expect(jobRefusal(OTHER, armJob('j'), 'j')).toMatch(/belongs to .*prod-orders, not .*prod-shop/);
    expect(jobRefusal(INSTANCE, armJob('j', { status: 'Completed' }), 'j')).toMatch(/is Completed, not Failed/);
    expect(jobRefusal(INSTANCE.toUpperCase(), armJob('j'), 'j')).toBeUndefined();
  });

  it('eventJobsProblem: every job id an event carries must sit in its subject’s vault; blob subjects carry none', () => {
    expect(eventJobsProblem(claim(`${VAULT}/backupJobs/j`))).toBeUndefined();
    expect(eventJobsProblem(claim(`${VAULT}2/backupJobs/j`))).toMatch(/^data\.jobId: .*not in the vault/);
    expect(eventJobsProblem({ subject: INSTANCE, data: { failedJobId: 'j', rerunJobId: `${VAULT}2/backupJobs/r` } })).toMatch(
      /^data\.rerunJobId/,
    );
    expect(eventJobsProblem({ subject: 'blob://velero', data: {} })).toBeUndefined();
  });

  it('takes every fact of the failure from ARM', () => {
    expect(failureOfJob(armJob('j'), INSTANCE)).toEqual({
      instanceId: INSTANCE,
      name: 'prod-orders',
      vault: 'bv',
      cluster: 'aks-prod',
      jobId: `${VAULT}/backupJobs/j`,
      startTime: '2026-11-21T02:00:00.000Z',
      endTime: '2026-11-21T02:05:00.000Z',
      errorCode: 'UserErrorKubernetesApiServerUnreachable',
      errorMessage: 'api server unreachable',
      isRetryable: true,
      isUserError: false,
    });
  });
});

function remediator(jobs: JobFact[]) {
  const store = new MemoryStore();
  const publisher = new MemoryPublisher();
  const rerunner = new MapRerunner(jobs, {
    [INSTANCE.toLowerCase()]: { protectionState: 'ProtectionConfigured', policyId: `${VAULT}/backupPolicies/p` },
  });
  const feed = { endedBetween: () => Promise.resolve({ jobs: [], warnings: [] }), recentJobs: () => Promise.resolve([]) };
  const r = new Remediator({
    store,
    publisher,
    feed,
    rerunner,
    clock: { now: () => NOW },
    policy: { budget: { perDay: 3, backoffBaseMs: 60_000, maxBackoffMs: 600_000 }, claimExpiryMs: 300_000, followTimeoutMs: 3_600_000 },
  });
  return { r, store, publisher, rerunner };
}

describe('Remediator.onJobFailed on facts re-read from ARM', () => {
  it('a forged event naming a job ARM does not have starts nothing and writes nothing', async () => {
    const { r, store, publisher, rerunner } = remediator([]);
    const result = await r.onJobFailed(claim(`${VAULT}/backupJobs/does-not-exist`));
    expect(result).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/ARM has no job/) as unknown });
    expect(rerunner.jobReads).toEqual([`${VAULT}/backupJobs/does-not-exist`]);
    expect(rerunner.started).toEqual([]);
    expect(store.docs.size).toBe(0);
    expect(publisher.events).toEqual([]);
  });

  it('refuses an event whose subject is another instance than the job’s, or whose job did not fail', async () => {
    const { r, rerunner } = remediator([armJob('j'), armJob('ok', { status: 'Completed' })]);
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/j`, OTHER))).toMatchObject({ outcome: 'refused' });
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/ok`))).toMatchObject({ outcome: 'refused' });
    expect(await r.onJobFailed(claim(`${VAULT}2/backupJobs/j`))).toMatchObject({ outcome: 'refused' });
    expect(rerunner.started).toEqual([]);
  });

  it('decides on ARM’s error code, not the event’s: a claimed transient error that ARM reports as a permission error escalates', async () => {
    const { r, rerunner, publisher } = remediator([armJob('j', { errorCode: 'UserErrorMSIMissingPermissions', isRetryable: false })]);
    const result = await r.onJobFailed(claim(`${VAULT}/backupJobs/j`));
    expect(result.outcome).toBe('escalated');
    expect(rerunner.started).toEqual([]);
    expect(publisher.events[0]?.data).toMatchObject({
      errorCode: 'UserErrorMSIMissingPermissions',
      name: 'prod-orders',
      cluster: 'aks-prod',
    });
  });

  it('re-runs a real failure, recording ARM’s facts; a restore per ARM is skipped whatever the event says', async () => {
    const { r, rerunner, store } = remediator([armJob('j'), armJob('restore', { operation: 'Restore' })]);
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/j`))).toMatchObject({ outcome: 'triggered' });
    expect(rerunner.started).toEqual([INSTANCE]);
    const record = [...store.docs.values()]
      .map((d) => d.value as { failure?: { startTime: string; errorCode: string } })
      .find((v) => v.failure);
    expect(record?.failure).toMatchObject({ startTime: '2026-11-21T02:00:00.000Z', errorCode: 'UserErrorKubernetesApiServerUnreachable' });
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/restore`))).toMatchObject({
      outcome: 'skipped',
      reason: expect.stringMatching(/restore/) as unknown,
    });
    expect(rerunner.started).toHaveLength(1);
  });

  it('a claim of a restore or on-demand job is skipped without even a read (claims may only make it do less)', async () => {
    const { r, rerunner } = remediator([armJob('j')]);
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/j`, INSTANCE, { operation: 'Restore' }))).toMatchObject({ outcome: 'skipped' });
    expect(await r.onJobFailed(claim(`${VAULT}/backupJobs/j`, INSTANCE, { trigger: 'adhoc' }))).toMatchObject({ outcome: 'skipped' });
    expect(rerunner.jobReads).toEqual([]);
  });
});
