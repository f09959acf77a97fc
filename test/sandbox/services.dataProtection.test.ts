import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAll, postLro, serve, type Served } from './servicesSupport.js';

const V = '2026-03-01';
const PROD = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
const VAULT = `/subscriptions/${PROD}/resourceGroups/rg-backup-prod-weu/providers/Microsoft.DataProtection/backupVaults/bv-prod-weu`;

let s: Served;
beforeAll(async () => {
  const scenario = (await import('../../sandbox/estate/services/index.js')).loadScenario();
  s = await serve({ ...scenario, pageSize: { ...scenario.pageSize, vaults: 1, instances: 3 } });
});
afterAll(() => s.server.close());

describe('DataProtection reads', () => {
  it('lists vaults by subscription and resource group across nextLink pages', async () => {
    const bySub = await listAll(s.arm, `/subscriptions/${PROD}/providers/Microsoft.DataProtection/backupVaults`, V);
    expect(bySub.items.map((v) => v.name)).toEqual(['bv-prod-neu', 'bv-prod-weu']);
    expect(bySub.pages).toBe(2);
    const byGroup = await listAll(
      s.arm,
      `/subscriptions/${PROD}/resourceGroups/rg-backup-prod-weu/providers/Microsoft.DataProtection/backupVaults`,
      V,
    );
    expect(byGroup.items).toHaveLength(1);
    const vault = await s.arm.pathUnchecked(VAULT).get({ queryParameters: { 'api-version': '2025-07-01' } });
    expect(vault.status).toBe('200');
    expect(vault.body).toMatchObject({
      id: VAULT,
      type: 'Microsoft.DataProtection/backupVaults',
      location: 'westeurope',
      properties: { provisioningState: 'Succeeded' },
    });
  });

  it('answers ARM errors for api-version and unknown resources', async () => {
    const missing = await s.arm.pathUnchecked(VAULT).get();
    expect([missing.status, (missing.body as { error: { code: string } }).error.code]).toEqual(['400', 'MissingApiVersionParameter']);
    const wrong = await s.arm.pathUnchecked(VAULT).get({ queryParameters: { 'api-version': '2021-01-01' } });
    expect((wrong.body as { error: { code: string } }).error.code).toBe('InvalidApiVersionParameter');
    const codes = await Promise.all(
      [
        '/subscriptions/00000000-0000-4000-8000-000000000000/providers/Microsoft.DataProtection/backupVaults',
        `/subscriptions/${PROD}/resourceGroups/rg-nope/providers/Microsoft.DataProtection/backupVaults`,
        `${VAULT.replace('bv-prod-weu', 'bv-nope')}`,
        `${VAULT}/backupInstances/nope`,
        `${VAULT}/backupPolicies/nope`,
        `${VAULT}/backupJobs/00000000-0000-4000-8000-000000000000`,
      ].map(async (path) => {
        const r = await s.arm.pathUnchecked(path).get({ queryParameters: { 'api-version': V } });
        return `${r.status} ${(r.body as { error: { code: string } }).error.code}`;
      }),
    );
    expect(codes).toEqual([
      '404 SubscriptionNotFound',
      '404 ResourceGroupNotFound',
      '404 ResourceNotFound',
      '404 ResourceNotFound',
      '404 ResourceNotFound',
      '404 ResourceNotFound',
    ]);
  });

  it('serves backup instances and policies shaped like the spec examples', async () => {
    const { items, pages } = await listAll(s.arm, `${VAULT}/backupInstances`, V);
    expect(pages).toBe(3);
    expect(items).toHaveLength(7);
    const suspended = items.find((i) => i.name === 'stage-weu-payments') as { properties: Record<string, unknown> };
    expect(suspended.properties).toMatchObject({
      objectType: 'BackupInstance',
      currentProtectionState: 'BackupSchedulesSuspended',
      dataSourceInfo: { datasourceType: 'Microsoft.ContainerService/managedClusters', resourceName: 'aks-stage-weu' },
      policyInfo: { policyId: `${VAULT}/backupPolicies/aks-prod-4h` },
    });
    const policy = await s.arm.pathUnchecked(`${VAULT}/backupPolicies/aks-critical-4h`).get({ queryParameters: { 'api-version': V } });
    const rules = (policy.body as { properties: { policyRules: Record<string, unknown>[] } }).properties.policyRules;
    expect(rules[0]).toMatchObject({
      objectType: 'AzureBackupRule',
      name: 'BackupHourly',
      trigger: { schedule: { repeatingTimeIntervals: ['R/2026-03-03T11:30:00+00:00/PT4H'] } },
    });
    expect(rules[1]).toMatchObject({
      objectType: 'AzureRetentionRule',
      name: 'Default',
      lifecycles: [{ deleteAfter: { duration: 'P14D' } }],
    });
    const extension = await listAll(
      s.arm,
      `/subscriptions/${PROD}/resourceGroups/rg-aks-stage-weu/providers/Microsoft.ContainerService/managedClusters/aks-stage-weu/providers/Microsoft.DataProtection/backupInstances`,
      V,
    );
    expect(extension.items.map((i) => i.name)).toEqual(['stage-weu-legacy', 'stage-weu-payments', 'stage-weu-shop']);
  });

  it('pages recovery points newest first and filters them by date', async () => {
    const path = `${VAULT}/backupInstances/prod-weu-shop/recoveryPoints`;
    const all = await listAll(s.arm, path, V);
    expect(all.items).toHaveLength(42);
    expect(all.pages).toBe(5);
    const times = all.items.map((rp) => (rp.properties as { recoveryPointTime: string }).recoveryPointTime);
    expect([...times].sort().reverse()).toEqual(times);
    const filtered = await listAll(s.arm, path, V, { $filter: "startDate eq '2026-03-09T12:00:00' and endDate eq '2026-03-10T12:00:00'" });
    expect(filtered.items).toHaveLength(6);
    const rp = filtered.items[0] as { name: string; properties: Record<string, unknown> };
    expect(rp.properties).toMatchObject({
      objectType: 'AzureBackupDiscreteRecoveryPoint',
      recoveryPointId: rp.name,
      recoveryPointState: 'Completed',
      retentionTagName: 'Default',
    });
    const one = await s.arm.pathUnchecked(`${path}/${rp.name}`).get({ queryParameters: { 'api-version': V } });
    expect(one.body).toEqual(rp);
    const bad = await s.arm.pathUnchecked(path).get({ queryParameters: { 'api-version': V, $filter: 'startDate gt yesterday' } });
    expect([bad.status, (bad.body as { error: { code: string } }).error.code]).toEqual(['400', 'BadRequest']);
  });

  it('lists jobs newest first with failures carrying error details', async () => {
    const { items } = await listAll(s.arm, `${VAULT}/backupJobs`, V);
    const starts = items.map((j) => (j.properties as { startTime: string }).startTime);
    expect([...starts].sort().reverse()).toEqual(starts);
    const failed = items.find(
      (j) => (j.properties as { backupInstanceFriendlyName: string }).backupInstanceFriendlyName === 'prod-weu-orders',
    ) as { name: string; properties: Record<string, unknown> };
    expect(failed.properties).toMatchObject({
      status: 'Failed',
      operationCategory: 'Backup',
      isUserTriggered: false,
      dataSourceType: 'Microsoft.ContainerService/managedClusters',
      vaultName: 'bv-prod-weu',
      errorDetails: [{ code: 'UserErrorExtensionPodNotRunning', isRetryable: true, isUserError: true }],
    });
    const one = await s.arm.pathUnchecked(`${VAULT}/backupJobs/${failed.name}`).get({ queryParameters: { 'api-version': V } });
    expect(one.body).toEqual(failed);
  });
});

describe('DataProtection actions', () => {
  it('runs an on-demand backup as an LRO whose result names the new job', async () => {
    const path = `${VAULT}/backupInstances/prod-weu-payments/backup`;
    const result = (await postLro(s.arm, path, V, {
      backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: { retentionTagOverride: 'Default' } },
    })) as { objectType: string; jobId: string };
    expect(result.objectType).toBe('OperationJobExtendedInfo');
    expect(result.jobId).toMatch(new RegExp(`^${VAULT}/backupJobs/[0-9a-f-]{36}$`));
    const job = await s.arm.pathUnchecked(result.jobId).get({ queryParameters: { 'api-version': V } });
    expect(job.body).toMatchObject({
      properties: { status: 'InProgress', isUserTriggered: true, backupInstanceFriendlyName: 'prod-weu-payments' },
    });

    const again = await s.arm
      .pathUnchecked(path)
      .post({ queryParameters: { 'api-version': V }, body: { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: {} } } });
    expect([again.status, (again.body as { error: { code: string } }).error.code]).toEqual(['400', 'UserErrorBackupOperationInProgress']);
    const badRule = await s.arm
      .pathUnchecked(path)
      .post({ queryParameters: { 'api-version': V }, body: { backupRuleOptions: { triggerOption: {} } } });
    expect(badRule.body).toMatchObject({ error: { code: 'UserErrorInvalidRequestParameter', target: 'backupRuleOptions.ruleName' } });
    const suspended = await s.arm
      .pathUnchecked(`${VAULT}/backupInstances/stage-weu-payments/backup`)
      .post({ queryParameters: { 'api-version': V }, body: { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: {} } } });
    expect(suspended.body).toMatchObject({ error: { code: 'UserErrorInvalidProtectionState' } });

    s.model.advance('PT6M');
    const done = await s.arm.pathUnchecked(result.jobId).get({ queryParameters: { 'api-version': V } });
    expect(done.body).toMatchObject({ properties: { status: 'Completed', duration: '00:06:00' } });
  });

  it('validates and triggers a restore, and syncs a protection error', async () => {
    const rps = await listAll(s.arm, `${VAULT}/backupInstances/prod-weu-shop/recoveryPoints`, V);
    const target = `/subscriptions/${PROD}/resourceGroups/rg-aks-stage-weu/providers/Microsoft.ContainerService/managedClusters/aks-stage-weu`;
    const request = (recoveryPointId: string) => ({
      objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
      recoveryPointId,
      sourceDataStoreType: 'OperationalStore',
      restoreTargetInfo: {
        objectType: 'ItemLevelRestoreTargetInfo',
        recoveryOption: 'FailIfExists',
        restoreLocation: 'westeurope',
        datasourceInfo: { objectType: 'Datasource', datasourceType: 'Microsoft.ContainerService/managedClusters', resourceID: target },
        restoreCriteria: [
          {
            objectType: 'KubernetesClusterRestoreCriteria',
            includeClusterScopeResources: false,
            includedNamespaces: ['shop'],
            namespaceMappings: { shop: 'shop-drill' },
          },
        ],
      },
    });
    const bi = `${VAULT}/backupInstances/prod-weu-shop`;
    await expect(postLro(s.arm, `${bi}/validateRestore`, V, { restoreRequestObject: request('not-a-point') })).rejects.toThrow(
      /UserErrorRecoveryPointNotFound|Recovery point/,
    );
    await expect(
      postLro(s.arm, `${bi}/validateRestore`, V, { restoreRequestObject: request(String(rps.items[0]!.name)) }),
    ).resolves.toMatchObject({ objectType: 'OperationJobExtendedInfo' });
    const shapeError = await s.arm.pathUnchecked(`${bi}/restore`).post({
      queryParameters: { 'api-version': V },
      body: { ...request('x'), restoreTargetInfo: { ...request('x').restoreTargetInfo, recoveryOption: 'Overwrite' } },
    });
    expect(shapeError.body).toMatchObject({
      error: { code: 'UserErrorInvalidRequestParameter', target: 'restoreTargetInfo.recoveryOption' },
    });
    const restored = (await postLro(s.arm, `${bi}/restore`, V, request(String(rps.items[0]!.name)))) as { jobId: string };
    const job = await s.arm.pathUnchecked(restored.jobId).get({ queryParameters: { 'api-version': V } });
    expect(job.body).toMatchObject({ properties: { operation: 'Restore', status: 'InProgress', restoreType: 'AlternateLocation' } });

    const devVault =
      '/subscriptions/8d41b6c2-7e93-4f05-a1d8-5c2b9e7f3a64/resourceGroups/rg-backup-dev-weu/providers/Microsoft.DataProtection/backupVaults/bv-dev-weu/backupInstances/dev-weu-sandbox';
    const before = await s.arm.pathUnchecked(devVault).get({ queryParameters: { 'api-version': V } });
    expect(before.body).toMatchObject({
      properties: {
        currentProtectionState: 'ProtectionError',
        protectionErrorDetails: { code: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount' },
      },
    });
    await postLro(s.arm, `${devVault}/sync`, V, { syncType: 'Default' });
    const after = await s.arm.pathUnchecked(devVault).get({ queryParameters: { 'api-version': V } });
    expect(after.body).toMatchObject({
      properties: { currentProtectionState: 'ProtectionConfigured', protectionStatus: { status: 'ProtectionConfigured' } },
    });
  });
});
