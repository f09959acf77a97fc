// The alert ingest's trust rules: a job id named in an alert counts only if the job ARM returns belongs to one of the
// alert's targets, is an AKS job and ended Failed in the alert's window; lookups go through the bounded pool, and ids
// that cannot belong to any target cost no lookup. Use-case tests run on in-memory fakes of our own ports.
import { describe, expect, it } from 'vitest';
import type { AlertFacts } from '../../shared/domain/detection/alert.js';
import { ALERT_LOOKBACK_MS, alertWindow, judgeAlertJob, mayBelongToTargets } from '../../shared/domain/detection/alertJobs.js';
import type { AutopilotCloudEvent } from '../../shared/events/cloudEvent.js';
import { AlertIngest } from '../../shared/usecases/detection/alertIngest.js';
import type { JobFact } from '../../shared/usecases/ports.js';
import { ALERT_SUB, ALERT_VAULT } from './alertFixtures.js';

const RG = `/subscriptions/${ALERT_SUB}/resourceGroups/rg`;
const OTHER_VAULT = `${RG}/providers/Microsoft.DataProtection/backupVaults/bv-other`;
const CLUSTER = `${RG}/providers/Microsoft.ContainerService/managedClusters/aks-prod`;
const FIRED = new Date('2026-11-21T03:00:00Z');

const job = (name: string, over: Partial<JobFact> = {}): JobFact => ({
  id: `${ALERT_VAULT}/backupJobs/${name}`,
  instanceId: `${ALERT_VAULT}/backupInstances/prod-orders`,
  instanceName: 'prod-orders',
  vault: 'bv',
  cluster: 'aks-prod',
  operation: 'Backup',
  trigger: 'scheduled',
  status: 'Failed',
  startTime: new Date('2026-11-21T02:50:00Z'),
  endTime: new Date('2026-11-21T02:55:00Z'),
  errorCode: 'UserErrorExtensionPodNotRunning',
  errorMessage: 'pod not running',
  isRetryable: true,
  isUserError: true,
  datasourceId: CLUSTER,
  datasourceType: 'Microsoft.ContainerService/managedClusters',
  ...over,
});

describe('mayBelongToTargets (before any ARM call)', () => {
  const id = `${ALERT_VAULT}/backupJobs/j1`;
  it.each([
    ['the job’s vault', [ALERT_VAULT], true],
    ['its resource group', [RG], true],
    ['its subscription', [`/subscriptions/${ALERT_SUB}`], true],
    ['an instance of its vault', [`${ALERT_VAULT}/backupInstances/x`], true],
    ['a cluster (any vault may protect it)', [CLUSTER], true],
    ['another vault', [OTHER_VAULT], false],
    ['an instance of another vault', [`${OTHER_VAULT}/backupInstances/x`], false],
    ['a vault whose name extends the job’s', [`${ALERT_VAULT}x`], false],
    ['a workspace', [`${RG}/providers/Microsoft.OperationalInsights/workspaces/law`], false],
  ])('%s: %s', (_what, targets, may) => expect(mayBelongToTargets(id, targets)).toBe(may));
});

describe('judgeAlertJob', () => {
  const window = alertWindow(FIRED);
  const reasonOf = (j: JobFact, targets = [ALERT_VAULT]) => judgeAlertJob(j, targets, window)?.reason;

  it('counts a failed AKS job of a target that ended in the window', () => {
    expect(reasonOf(job('j'))).toBeUndefined();
    expect(reasonOf(job('j'), [CLUSTER])).toBeUndefined(); // the cluster it protects, as ARM reports it
    expect(reasonOf(job('j'), [`${ALERT_VAULT}/backupInstances/PROD-ORDERS`])).toBeUndefined();
  });

  it.each([
    ['another instance of the same vault', job('j'), [`${ALERT_VAULT}/backupInstances/prod-shop`], 'not-a-target'],
    ['another cluster', job('j'), [CLUSTER.replace('aks-prod', 'aks-dev')], 'not-a-target'],
    ['a blob datasource', job('j', { datasourceType: 'Microsoft.Storage/storageAccounts/blobServices' }), [ALERT_VAULT], 'not-aks'],
    ['no datasource type', job('j', { datasourceType: null }), [ALERT_VAULT], 'not-aks'],
    [
      'ended before the lookback',
      job('j', { endTime: new Date(FIRED.getTime() - ALERT_LOOKBACK_MS - 1) }),
      [ALERT_VAULT],
      'outside-window',
    ],
    ['ended after the lookahead', job('j', { endTime: new Date(FIRED.getTime() + 5 * 60_000 + 1) }), [ALERT_VAULT], 'outside-window'],
    ['not ended', job('j', { endTime: undefined, status: 'InProgress' }), [ALERT_VAULT], 'outside-window'],
    ['succeeded', job('j', { status: 'Completed' }), [ALERT_VAULT], 'not-failed'],
  ])('drops %s', (_what, j, targets, reason) => expect(reasonOf(j, targets)).toBe(reason));

  it('keeps the window edges', () => {
    expect(reasonOf(job('j', { endTime: window.from }))).toBeUndefined();
    expect(reasonOf(job('j', { endTime: window.to }))).toBeUndefined();
  });
});

/** ARM's jobs by id, counting lookups and the most in flight at once. */
function fakeJobs(known: readonly JobFact[]) {
  const byId = new Map(known.map((j) => [j.id.toLowerCase(), j]));
  const stats = { calls: 0, inFlight: 0, maxInFlight: 0 };
  return {
    stats,
    async job(id: string): Promise<JobFact | undefined> {
      stats.calls++;
      stats.inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
      await new Promise((r) => setTimeout(r, 1));
      stats.inFlight--;
      return byId.get(id.toLowerCase());
    },
  };
}

function ingest(known: readonly JobFact[], concurrency = 4) {
  const jobs = fakeJobs(known);
  const published: AutopilotCloudEvent[] = [];
  const feed = {
    endedBetween: () => Promise.reject(new Error('named ids must not fall back to the feed')),
    recentJobs: () => Promise.resolve([]),
  };
  const publisher = {
    publish: (events: readonly AutopilotCloudEvent[]) => {
      published.push(...events);
      return Promise.resolve();
    },
  };
  return { use: new AlertIngest({ feed, jobs, publisher, concurrency }), jobs, published };
}

const facts = (targets: string[], jobIds: string[], firedAt = FIRED): AlertFacts => ({
  alertId: 'a1',
  alertRule: 'Backup Failure',
  monitorCondition: 'Fired',
  firedAt,
  targets,
  jobIds,
});

describe('AlertIngest with named job ids', () => {
  it('publishes a matching failed job and reports every other id with its reason', async () => {
    const { use, published } = ingest([job('good'), job('old', { endTime: new Date('2020-01-01T00:00:00Z') })]);
    const ids = ['good', 'old', 'missing'].map((n) => `${ALERT_VAULT}/backupJobs/${n}`);
    const result = await use.run(facts([ALERT_VAULT], [...ids, `${OTHER_VAULT}/backupJobs/x`]));
    expect(published.map((e) => e.data)).toEqual([expect.objectContaining({ jobId: ids[0], detector: 'azure-monitor-alert' })]);
    expect(result.jobs).toBe(1);
    expect(result.rejected?.map((r) => [r.jobId.split('/').pop(), r.reason])).toEqual([
      ['x', 'not-a-target'],
      ['old', 'outside-window'],
      ['missing', 'not-found'],
    ]);
  });

  it('an alert "fired in 2020" about an unrelated vault naming a real failed job publishes nothing and reads nothing', async () => {
    const { use, jobs, published } = ingest([job('real')]);
    const result = await use.run(facts([OTHER_VAULT], [job('real').id], new Date('2020-06-01T00:00:00Z')));
    expect(published).toEqual([]);
    expect(result.published).toEqual([]);
    expect(result.rejected).toEqual([expect.objectContaining({ reason: 'not-a-target' })]);
    expect(jobs.stats.calls).toBe(0);
  });

  it('looks ids up through the bounded pool: never more than ARM_CONCURRENCY in flight', async () => {
    const ids = Array.from({ length: 100 }, (_, i) => `${ALERT_VAULT}/backupJobs/forged-${i}`);
    const { use, jobs, published } = ingest([], 3);
    const result = await use.run(facts([ALERT_VAULT], ids));
    expect(jobs.stats).toMatchObject({ calls: 100, maxInFlight: 3 });
    expect(result.rejected).toHaveLength(100);
    expect(published).toEqual([]);
  });
});
