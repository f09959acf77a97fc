// The REST specs' own examples (test/fixtures/dataProtection, each with its source path in azure-rest-api-specs),
// served word for word by the estate to the real clients: instances, jobs, recovery points and policies must read
// as Azure wrote them — protection from protectionStatus.status when currentProtectionState is absent, and job
// status `Succeeded` / `Started` as success / running.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { ArmTransport } from '../../shared/adapters/arm/armTransport.js';
import { DataProtectionClient } from '../../shared/adapters/dataProtection/client.js';
import { DataProtectionInventory } from '../../shared/adapters/dataProtection/inventory.js';
import { toJobFact } from '../../shared/adapters/arm/jobFeed.js';
import { DataProtectionRerunner } from '../../shared/adapters/arm/jobFeedDataProtection.js';
import { DataProtectionVaultJobs } from '../../shared/adapters/arm/jobFeedVaults.js';
import { endedWell, isRunning } from '../../shared/domain/azureWords.js';
import { newestRestorablePoint } from '../../shared/domain/rpo/rpo.js';
import { DEFAULT_TIERS } from '../../shared/domain/rpo/tiers.js';
import { jobOutcomeEvent } from '../../shared/usecases/detection/detectJobEvents.js';
import { RpoReporter } from '../../shared/usecases/rpo/rpoReport.js';
import { ARM_SCOPE, collect, estateOptions } from '../support/estateClients.js';

interface Example {
  readonly source: string;
  readonly body: { readonly id?: string; readonly value?: readonly Record<string, unknown>[] } & Record<string, unknown>;
}
const here = dirname(fileURLToPath(import.meta.url));
const example = (name: string): Example =>
  JSON.parse(readFileSync(join(here, '..', 'fixtures', 'dataProtection', `${name}.json`), 'utf8')) as Example;

let estate: Estate;
let client: DataProtectionClient;
let arm: ArmTransport;
let instanceId: string;
let vaultId: string;
beforeAll(async () => {
  estate = await startEstate();
  arm = new ArmTransport(
    { endpoint: estate.endpoints.resourceManager, scope: ARM_SCOPE, apiVersion: '2026-03-01' },
    estateOptions(estate.ca, { maxRetries: 0, retryDelayMs: 5 }),
  );
  client = new DataProtectionClient(arm);
  const instance = estate.model.findInstance('prod-weu-shop')!;
  instanceId = instance.id;
  vaultId = instance.vault.id;
});
afterAll(() => estate?.close());
beforeEach(() => estate.control.faults.clear());

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The estate answers GETs of `path` (a regular expression) with the example's body, as Azure would. */
const serve = (path: string, body: unknown): void =>
  void estate.control.faults.add({ kind: 'respond', method: 'GET', service: 'arm', path, body, times: Infinity });
const inventory = () => new DataProtectionInventory(client, arm, [estate.model.subscriptions[0]!.id], 4);

describe('backup instances (BackupInstances_Get examples)', () => {
  it('reads protection from protectionStatus.status when currentProtectionState is absent (2026-03-01 GetBackupInstance)', async () => {
    serve(`^${escape(instanceId)}$`, example('getBackupInstance').body);
    expect(await new DataProtectionRerunner(client).instance(instanceId)).toMatchObject({ protectionState: 'NotProtected' });
  });

  it('prefers currentProtectionState when both are present (2026-03-01 blob auto-protection example)', async () => {
    serve(`^${escape(instanceId)}$`, example('getBackupInstanceBlob').body);
    expect(await new DataProtectionRerunner(client).instance(instanceId)).toMatchObject({ protectionState: 'ProtectionConfigured' });
  });

  it('judges the AKS example (protectionStatus NotProtected only) with its own reason, from the spec’s recovery points and policy', async () => {
    const aks = example('putBackupInstanceAks').body;
    const policy = example('listBackupPolicy').body.value![0]!;
    serve(`^${escape(instanceId)}$`, aks);
    serve(`/backupInstances/aksbi/recoveryPoints$`, example('listRecoveryPoints').body);
    serve(`/backupPolicies/akspolicy$`, policy);
    const reporter = new RpoReporter({ inventory }, { now: () => estate.model.clock.now() }, settings);
    const report = await reporter.run({ instanceId });
    expect(report.instances).toHaveLength(1);
    expect(report.instances[0]).toMatchObject({
      name: 'aksbi',
      cluster: 'akscluster',
      protectionState: 'NotProtected',
      verdict: 'unknown',
      latestRecoveryPoint: '2019-03-01T13:00:00.000Z',
      targetSource: 'policy-schedule',
    });
    expect(report.instances[0]!.reason).toMatch(/^the instance is not protected \(NotProtected\): protection was never configured/);
  });

  it('leaves a non-AKS example out of the vault’s census (BackupInstances_List shape)', async () => {
    serve(`^${escape(vaultId)}/backupInstances$`, { value: [example('getBackupInstance').body] });
    const census = await inventory().census();
    expect(census[0]!.vaults.find((v) => v.id === vaultId)?.instances).toEqual([]);
  });
});

describe('jobs (2026-03-01 ListJobs: Started and Succeeded)', () => {
  it('reads Started as running and Succeeded as success, keeping the words verbatim', async () => {
    serve(`^${escape(vaultId)}/backupJobs$`, example('listJobs').body);
    const jobs = (await collect(client.listJobs(vaultId))).map(toJobFact);
    expect(jobs.map((j) => j.status)).toEqual(['Started', 'Started', 'Started', 'Succeeded']);
    expect(jobs.slice(0, 3).every((j) => isRunning(j.status) && jobOutcomeEvent(j, 'resource-graph') === undefined)).toBe(true);
    const done = jobs[3]!;
    expect(endedWell(done.status)).toBe(true);
    expect(jobOutcomeEvent(done, 'resource-graph')).toMatchObject({
      type: 'Autopilot.Backup.JobSucceeded',
      data: { status: 'Succeeded', trigger: 'adhoc', endTime: '2021-03-17T11:14:02.531Z' },
    });
    // They protect PostgreSQL databases: the detectors' per-vault fallback keeps AKS jobs only.
    expect(await new DataProtectionVaultJobs(client).vaultJobs(vaultId)).toEqual([]);
  });

  it('follows a job that says Succeeded as a success (Jobs_Get of the example’s finished job)', async () => {
    const finished = example('listJobs').body.value![3]!;
    const jobId = `${vaultId}/backupJobs/${String(finished.name)}`;
    serve(`^${escape(jobId)}$`, finished);
    const job = await new DataProtectionRerunner(client).job(jobId);
    expect(job).toMatchObject({ status: 'Succeeded', trigger: 'adhoc', operation: 'Backup' });
    expect(endedWell(job!.status)).toBe(true);
  });
});

describe('recovery points and policies (2026-03-01 examples)', () => {
  it('finds the newest restorable point of RecoveryPoints_List', async () => {
    serve(`^${escape(instanceId)}/recoveryPoints$`, example('listRecoveryPoints').body);
    const points = await inventory().recoveryPoints(instanceId);
    expect(points).toHaveLength(2);
    expect(newestRestorablePoint(points, estate.model.clock.now())?.time.toISOString()).toBe('2019-03-01T13:00:00.000Z');
  });

  it('reads the schedule, backup rule and default tag of BackupPolicies_List’s policy', async () => {
    const policyId = estate.model.findInstance('prod-weu-shop')!.policy.id;
    serve(`^${escape(policyId)}$`, example('listBackupPolicy').body.value![0]);
    expect(await inventory().getSchedule(policyId)).toEqual({
      ruleName: 'BackupWeekly',
      repeatingTimeIntervals: ['R/2019-11-20T08:00:00-08:00/P1W'],
    });
    expect(await new DataProtectionRerunner(client).rerunOptions(policyId)).toEqual({ ruleName: 'BackupWeekly', retentionTag: 'Default' });
  });
});

const settings = {
  graceMs: 3_600_000,
  defaultTargetMs: 86_400_000,
  atRiskShare: 0.8,
  rpoTagName: 'rpo',
  tierTagName: 'backup-tier',
  tiers: DEFAULT_TIERS,
  confirmMarginMs: 900_000,
  concurrency: 4,
};
