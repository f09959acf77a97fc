// The hand-written DataProtection client against the estate over HTTPS: paging, $filter, LRO success and failure,
// retries on 429/5xx/timeouts/broken pages, api-version handling and typed errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { isAksDatasource, isBackupRule, isScheduleTrigger, type BackupInstance } from '../../shared/adapters/dataProtection/types.js';
import { collect, dataProtectionFor } from '../support/estateClients.js';

let estate: Estate;
let vaultId: string;
let healthy: BackupInstance;

beforeAll(async () => {
  estate = await startEstate();
  const { client } = dataProtectionFor(estate);
  const sub = estate.model.subscriptions[0]?.id ?? '';
  const vaults = await collect(client.listVaults(sub));
  vaultId = vaults[0]?.id ?? '';
  const instances = (await Promise.all(vaults.map((v) => collect(client.listBackupInstances(v.id))))).flat();
  // The instance with the most recovery points: a healthy PT4H instance has several pages of them.
  let best: { bi: BackupInstance; n: number } | undefined;
  for (const bi of instances) {
    const n = (await collect(client.listRecoveryPoints(bi.id))).length;
    if (!best || n > best.n) best = { bi, n };
  }
  healthy = best!.bi;
});
afterAll(() => estate?.close());
beforeEach(() => {
  estate.control.faults.clear();
  estate.control.resetRequests();
});

const rpPages = () => estate.control.requests.entries((r) => /\/recoveryPoints$/i.test(r.path));

describe('reads', () => {
  it('lists vaults by subscription and by resource group, with typed instances', async () => {
    const { client } = dataProtectionFor(estate);
    const sub = estate.model.subscriptions[0]!.id;
    const all = await collect(client.listVaults(sub));
    expect(all.length).toBeGreaterThan(0);
    const rg = /resourceGroups\/([^/]+)/i.exec(all[0]!.id)![1]!;
    const inRg = await collect(client.listVaults(sub, rg));
    expect(inRg.map((v) => v.id)).toContain(all[0]!.id);
    const bis = await collect(client.listBackupInstances(all[0]!.id));
    expect(bis.length).toBeGreaterThan(0);
    for (const bi of bis) {
      expect(bi.properties.objectType).toBe('BackupInstance');
      expect(isAksDatasource(bi.properties.dataSourceInfo.datasourceType)).toBe(true);
      expect(bi.properties.policyInfo.policyId).toMatch(/\/backupPolicies\//i);
    }
  });

  it('gets one instance and its policy schedule', async () => {
    const { client } = dataProtectionFor(estate);
    const bi = await client.getBackupInstance(healthy.id);
    expect(bi.id.toLowerCase()).toBe(healthy.id.toLowerCase());
    const policy = await client.getPolicy(bi.properties.policyInfo.policyId);
    const rule = policy.properties.policyRules.find(isBackupRule);
    expect(rule?.name).toMatch(/^Backup(Hourly|Daily)$/);
    expect(rule && isScheduleTrigger(rule.trigger) && rule.trigger.schedule.repeatingTimeIntervals[0]).toMatch(/^R\/.+\/P/);
  });

  it('follows nextLink across 3+ pages of recovery points, keeping api-version', async () => {
    const { client } = dataProtectionFor(estate);
    const points = await collect(client.listRecoveryPoints(healthy.id));
    const pages = rpPages();
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages.every((p) => p.query.includes('api-version=2026-03-01'))).toBe(true);
    expect(pages.slice(1).every((p) => /skiptoken/i.test(p.query))).toBe(true);
    expect(new Set(points.map((p) => p.id)).size).toBe(points.length);
    expect(points.every((p) => p.properties.objectType === 'AzureBackupDiscreteRecoveryPoint')).toBe(true);
  });

  it('passes $filter so only recent points come back', async () => {
    const { client } = dataProtectionFor(estate);
    const all = await collect(client.listRecoveryPoints(healthy.id));
    const times = all.map((p) => Date.parse(p.properties.recoveryPointTime!)).sort((a, b) => a - b);
    const cut = new Date(times[Math.floor(times.length / 2)]!);
    const recent = await collect(client.listRecoveryPoints(healthy.id, { startDate: cut }));
    expect(recent.length).toBeGreaterThan(0);
    expect(recent.length).toBeLessThan(all.length);
    expect(recent.every((p) => Date.parse(p.properties.recoveryPointTime!) >= cut.getTime())).toBe(true);
    expect(rpPages().at(-1)?.query ?? '').toContain('filter');
  });

  it('lists and gets jobs', async () => {
    const { client } = dataProtectionFor(estate);
    const jobs = await collect(client.listJobs(vaultId));
    expect(jobs.length).toBeGreaterThan(0);
    const one = await client.getJob(jobs[0]!.id);
    expect(one.properties.status).toBe(jobs[0]!.properties.status);
    expect(await client.getJob(vaultId, jobs[0]!.name)).toMatchObject({ name: jobs[0]!.name });
  });

  it('raises a typed 404 for an unknown instance', async () => {
    const { client } = dataProtectionFor(estate);
    await expect(client.getBackupInstance(healthy.id.replace(/[^/]+$/, 'does-not-exist'))).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('uses an overridden api-version', async () => {
    const { client } = dataProtectionFor(estate, { apiVersion: '2025-09-01' });
    await client.getBackupInstance(healthy.id);
    expect(estate.control.requests.entries().at(-1)?.query).toContain('api-version=2025-09-01');
  });
});

describe('retries in the pipeline', () => {
  it('retries a 429 after Retry-After and succeeds', async () => {
    const { client, calls } = dataProtectionFor(estate);
    estate.control.faults.add({ kind: 'throttle', path: '/backupInstances/[^/]+$', retryAfterSeconds: 0 });
    await expect(client.getBackupInstance(healthy.id)).resolves.toMatchObject({ name: healthy.name });
    expect(calls()).toBe(2);
    expect(estate.control.requests.entries().map((r) => r.status)).toEqual([429, 200]);
  });

  it.each([500, 503] as const)('retries a %d and succeeds', async (status) => {
    const { client, calls } = dataProtectionFor(estate);
    estate.control.faults.add({ kind: 'status', status, path: '/backupInstances/[^/]+$' });
    await expect(client.getBackupInstance(healthy.id)).resolves.toMatchObject({ name: healthy.name });
    expect(calls()).toBe(2);
  });

  it('retries a broken continuation page and still returns every point once', async () => {
    const { client } = dataProtectionFor(estate);
    const expected = (await collect(client.listRecoveryPoints(healthy.id))).length;
    estate.control.faults.add({ kind: 'brokenPage', path: '/recoveryPoints$' });
    const points = await collect(client.listRecoveryPoints(healthy.id));
    expect(points).toHaveLength(expected);
    expect(estate.control.faults.list()[0]?.hits).toBe(1);
  });

  it('retries a request whose connection is reset', async () => {
    const { client } = dataProtectionFor(estate);
    estate.control.faults.add({ kind: 'reset', path: '/backupInstances/[^/]+$' });
    await expect(client.getBackupInstance(healthy.id)).resolves.toMatchObject({ name: healthy.name });
  });

  it('retries a request that times out', async () => {
    const { client, calls } = dataProtectionFor(estate, { timeoutMs: 300 });
    estate.control.faults.add({ kind: 'timeout', ms: 2_000, path: '/backupInstances/[^/]+$' });
    await expect(client.getBackupInstance(healthy.id)).resolves.toMatchObject({ name: healthy.name });
    expect(calls()).toBe(2);
  });

  it('gives up after maxRetries and surfaces the last error', async () => {
    const { client, calls } = dataProtectionFor(estate, { maxRetries: 2 });
    estate.control.faults.add({ kind: 'status', status: 503, path: '/backupInstances/[^/]+$', times: Infinity });
    await expect(client.getBackupInstance(healthy.id)).rejects.toMatchObject({ statusCode: 503 });
    expect(calls()).toBe(3);
  });
});

describe('long-running operations', () => {
  // The service refuses a second backup while one runs; move simulated time past the previous test's job.
  beforeEach(() => estate.model.clock.advance('PT1H'));
  const request = async () => {
    const { client } = dataProtectionFor(estate);
    const policy = await client.getPolicy(healthy.properties.policyInfo.policyId);
    const rule = policy.properties.policyRules.find(isBackupRule)!;
    return { client, body: { backupRuleOptions: { ruleName: rule.name, triggerOption: { retentionTagOverride: 'Default' } } } };
  };

  it('runs an ad-hoc backup to the new job id through Azure-AsyncOperation and Location', async () => {
    const { client, body } = await request();
    const result = await client.adhocBackup(healthy.id, body);
    expect(result.jobId).toBeTruthy();
    const paths = estate.control.requests
      .entries()
      .map((r) => `${r.method} ${r.path.replace(/.*\/(backup|operationStatus|operationResults)(\/.*)?$/i, '$1')}`);
    expect(paths).toContain('POST backup');
    expect(paths).toContain('GET operationStatus');
    // jobId is the job's name (a GUID) or its full ARM id, depending on the service version: accept both.
    const vault = healthy.id.replace(/\/backupInstances\/.*$/i, '');
    const job = result.jobId!.startsWith('/') ? await client.getJob(result.jobId!) : await client.getJob(vault, result.jobId);
    expect(job.properties.isUserTriggered).toBe(true);
    expect(job.properties.backupInstanceId?.toLowerCase()).toBe(healthy.id.toLowerCase());
  });

  it('rejects with the operation error when the LRO fails', async () => {
    const { client, body } = await request();
    estate.control.faults.add({ kind: 'lroFail', path: '/backup$', code: 'UserErrorBackupFailed', message: 'simulated failure' });
    await expect(client.adhocBackup(healthy.id, body)).rejects.toThrow(/simulated failure|UserErrorBackupFailed/);
  });

  it('refuses a request the service rejects, naming the field', async () => {
    const { client } = await request();
    await expect(
      client.adhocBackup(healthy.id, { backupRuleOptions: { ruleName: 'NoSuchRule', triggerOption: {} } }),
    ).rejects.toMatchObject({ statusCode: 400 });
  });

  it('validates and triggers a restore into a mapped namespace, and the restore job appears', async () => {
    const { client } = dataProtectionFor(estate);
    const points = await collect(client.listRecoveryPoints(healthy.id));
    const newest = points.sort((a, b) => Date.parse(b.properties.recoveryPointTime!) - Date.parse(a.properties.recoveryPointTime!))[0]!;
    const cluster = healthy.properties.dataSourceInfo;
    const modelled = estate.model.findInstance(healthy.id)!;
    const namespace = modelled.includedNamespaces?.[0] ?? modelled.cluster.namespaces[0]!.name;
    const request = {
      objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
      recoveryPointId: newest.name,
      sourceDataStoreType: 'OperationalStore',
      sourceResourceId: cluster.resourceID,
      identityDetails: { useSystemAssignedIdentity: true },
      restoreTargetInfo: {
        objectType: 'ItemLevelRestoreTargetInfo',
        recoveryOption: 'FailIfExists',
        restoreLocation: cluster.resourceLocation,
        datasourceInfo: { ...cluster, objectType: 'Datasource' },
        restoreCriteria: [
          {
            objectType: 'KubernetesClusterRestoreCriteria',
            includeClusterScopeResources: false,
            includedNamespaces: [namespace],
            namespaceMappings: { [namespace]: `validation-${namespace}` },
            conflictPolicy: 'Skip',
            persistentVolumeRestoreMode: 'RestoreWithVolumeData',
          },
        ],
      },
    } as const;
    await expect(client.validateForRestore(healthy.id, request)).resolves.toBeDefined();
    const started = await client.triggerRestore(healthy.id, request);
    expect(started.jobId).toBeTruthy();
    const vault = healthy.id.replace(/\/backupInstances\/.*$/i, '');
    const jobId = started.jobId ?? '';
    const job = jobId.startsWith('/') ? await client.getJob(jobId) : await client.getJob(vault, jobId);
    expect(job.properties.operationCategory).toBe('Restore');
  });

  it('refuses a restore request missing a required field, naming it', async () => {
    const { client } = dataProtectionFor(estate);
    const bad = {
      objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
      sourceDataStoreType: 'OperationalStore',
      restoreTargetInfo: {},
    } as never;
    const error: unknown = await client.triggerRestore(healthy.id, bad).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ statusCode: 400 });
    expect((error as Error).message).toMatch(/recoveryPointId|restoreTargetInfo/);
  });

  it('reads an operation status by id', async () => {
    const { client, body } = await request();
    await client.adhocBackup(healthy.id, body);
    const statusUrl = estate.control.requests.entries((r) => /operationStatus/i.test(r.path)).at(-1)!.path;
    const opId = statusUrl.split('/').at(-1)!;
    const vault = healthy.id.replace(/\/backupInstances\/.*$/i, '');
    await expect(client.getOperationStatus(vault, opId)).resolves.toMatchObject({ status: 'Succeeded' });
  });
});
