import { ContainerServiceClient } from '@azure/arm-containerservice';
import { LogsQueryClient, LogsQueryResultStatus } from '@azure/monitor-query-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credential, restClient, serve, type Served } from './servicesSupport.js';

const PROD = '3f2c9a4e-5b7d-4e1a-9c3b-2d8e6f1a7b90';
const WORKSPACE = 'b5e7c3a9-2f41-4d8e-9a6b-0c1d2e3f4a5b';

let s: Served;
let aks: ContainerServiceClient;
beforeAll(async () => {
  s = await serve();
  aks = new ContainerServiceClient(credential, PROD, {
    endpoint: s.server.url,
    tlsOptions: { ca: s.server.ca },
    retryOptions: { maxRetries: 0 },
  });
});
afterAll(() => s.server.close());

describe('AKS', () => {
  it('lists and reads managed clusters with the real ContainerServiceClient', async () => {
    const names: string[] = [];
    for await (const cluster of aks.managedClusters.list()) names.push(cluster.name ?? '');
    expect(names).toEqual(['aks-prod-neu', 'aks-prod-weu', 'aks-stage-weu']);
    const cluster = await aks.managedClusters.get('rg-aks-prod-weu', 'aks-prod-weu');
    expect(cluster).toMatchObject({
      location: 'westeurope',
      tags: { 'backup-tier': 'Critical' },
      kubernetesVersion: '1.32.7',
      provisioningState: 'Succeeded',
      powerState: { code: 'Running' },
    });
    await expect(aks.managedClusters.get('rg-aks-prod-weu', 'aks-nope')).rejects.toMatchObject({
      statusCode: 404,
      code: 'ResourceNotFound',
    });
  });

  it('runs kubectl through beginRunCommandAndWait (202 + Location to commandResults)', async () => {
    const fast = { updateIntervalInMs: 1 };
    const created = await aks.managedClusters.runCommand(
      'rg-aks-stage-weu',
      'aks-stage-weu',
      { command: 'kubectl create ns drill-check' },
      fast,
    );
    expect(created).toMatchObject({ exitCode: 0, logs: 'namespace/drill-check created', provisioningState: 'succeeded' });
    const listed = await aks.managedClusters.runCommand('rg-aks-stage-weu', 'aks-stage-weu', { command: 'kubectl get ns -o json' }, fast);
    const names = (JSON.parse(listed.logs ?? '{}') as { items: { metadata: { name: string } }[] }).items.map((i) => i.metadata.name);
    expect(names).toContain('drill-check');
    // The deprecated wrapper the facts sheet names drives the same LRO.
    const viaBegin = await aks.managedClusters.beginRunCommandAndWait(
      'rg-aks-stage-weu',
      'aks-stage-weu',
      { command: 'kubectl get ns drill-check -o name' },
      fast,
    );
    expect(viaBegin).toMatchObject({ exitCode: 0, logs: 'namespace/drill-check' });
    const unknown = await aks.managedClusters.runCommand('rg-aks-stage-weu', 'aks-stage-weu', { command: 'kubectl explode' }, fast);
    expect(unknown).toMatchObject({ exitCode: 1, logs: expect.stringContaining('unknown command') as string });
    expect(s.model.findCluster('aks-stage-weu')?.namespaces.some((n) => n.name === 'drill-check')).toBe(true);
  });
});

describe('Resource Graph', () => {
  const graph = () => restClient(s.server, 'https://management.azure.com/.default');
  const query = async (body: Record<string, unknown>) => {
    const r = await graph()
      .pathUnchecked('/providers/Microsoft.ResourceGraph/resources')
      .post({ queryParameters: { 'api-version': '2024-04-01' }, body });
    return {
      status: r.status,
      body: r.body as {
        totalRecords: number;
        count: number;
        resultTruncated: string;
        $skipToken?: string;
        data: Record<string, unknown>[];
      },
    };
  };

  it('evaluates KQL over RecoveryServicesResources with the REST objects as properties', async () => {
    const r = await query({
      subscriptions: [PROD],
      query:
        "RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupjobs' | where tostring(properties.status) == 'Failed' | extend bi = tostring(properties.backupInstanceFriendlyName) | summarize failed = count() by bi | order by bi asc",
    });
    expect(r.status).toBe('200');
    expect(r.body.data).toEqual([
      { bi: 'prod-neu-search', failed: 2 },
      { bi: 'prod-weu-orders', failed: 3 },
      { bi: 'prod-weu-payments', failed: 1 },
    ]);
    const instances = await query({
      query:
        "RecoveryServicesResources | where type == 'microsoft.dataprotection/backupvaults/backupinstances' | project id, name, state = tostring(properties.currentProtectionState)",
    });
    expect(instances.body.totalRecords).toBe(11);
    expect(instances.body.data).toContainEqual(expect.objectContaining({ name: 'dev-weu-sandbox', state: 'ProtectionError' }));
  });

  it('pages with $top/$skipToken when results have an id, and truncates otherwise', async () => {
    const first = await query({ query: 'Resources | project id, name, type | order by name asc', options: { $top: 3 } });
    expect(first.body).toMatchObject({ totalRecords: 7, count: 3, resultTruncated: 'false' });
    const second = await query({
      query: 'Resources | project id, name, type | order by name asc',
      options: { $top: 3, $skipToken: first.body.$skipToken },
    });
    expect(second.body.data.map((d) => d.name)).toEqual(['aks-stage-weu', 'bv-dev-weu', 'bv-prod-neu']);
    const noId = await query({ query: 'Resources | project name', options: { $top: 3 } });
    expect(noId.body).toMatchObject({ resultTruncated: 'true', count: 3 });
    expect(noId.body.$skipToken).toBeUndefined();
    const table = await query({
      query: "Resources | where type == 'microsoft.dataprotection/backupvaults' | project id, name | order by name asc",
      options: { resultFormat: 'table' },
    });
    expect(table.body.data).toMatchObject({
      columns: [
        { name: 'id', type: 'string' },
        { name: 'name', type: 'string' },
      ],
      rows: [
        [expect.any(String) as string, 'bv-dev-weu'],
        [expect.any(String) as string, 'bv-prod-neu'],
        [expect.any(String) as string, 'bv-prod-weu'],
      ],
    });
    const bad = await query({ query: 'Resources | where' });
    expect(bad.status).toBe('400');
    expect(bad.body).toMatchObject({ error: { code: 'BadRequest', details: [{ code: 'InvalidQuery' }] } });
  });
});

describe('Log Analytics', () => {
  const logs = () =>
    new LogsQueryClient(credential, { endpoint: `${s.server.url}/v1`, tlsOptions: { ca: s.server.ca }, retryOptions: { maxRetries: 0 } });

  it('serves AddonAzureBackupJobs with one row per state change after the ingestion lag', async () => {
    const kql =
      'AddonAzureBackupJobs | where BackupItemFriendlyName == "prod-weu-orders" | summarize arg_max(TimeGenerated, *) by JobUniqueId | where JobStatus == "Failed" | project JobUniqueId, JobFailureCode, JobStartDateTime, DatasourceType';
    const result = await logs().queryWorkspace(WORKSPACE, kql, { duration: 'P1D' });
    expect(result.status).toBe(LogsQueryResultStatus.Success);
    if (result.status !== LogsQueryResultStatus.Success) return;
    const rows = result.tables[0]!.rows;
    expect(rows).toHaveLength(3);
    expect(rows[0]?.[1]).toBe('UserErrorExtensionPodNotRunning');
    expect(rows[0]?.[2]).toBeInstanceOf(Date);

    // Rows land 20 min after each state change: InProgress at start + 20 min, Failed at end (start + 6 min) + 20 min.
    const orders = s.model.findInstance('prod-weu-orders')!;
    const job = s.model.triggerAdhocBackup(orders, { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: {} } });
    s.model.advance('PT16M');
    const latest = `AddonAzureBackupJobs | where JobUniqueId == "${job.id}" | summarize arg_max(TimeGenerated, JobStatus) by JobUniqueId | project JobStatus`;
    const mid = await logs().queryWorkspace(WORKSPACE, latest, { duration: 'PT1H' });
    expect(mid.status === LogsQueryResultStatus.Success && mid.tables[0]!.rows).toEqual([]);
    s.model.advance('PT5M');
    const inProgress = await logs().queryWorkspace(WORKSPACE, latest, { duration: 'PT1H' });
    expect(inProgress.status === LogsQueryResultStatus.Success && inProgress.tables[0]!.rows).toEqual([['InProgress']]);
    s.model.advance('PT10M');
    const final = await logs().queryWorkspace(WORKSPACE, latest, { duration: 'PT1H' });
    expect(final.status === LogsQueryResultStatus.Success && final.tables[0]!.rows).toEqual([['Failed']]);
  });

  it('answers GET ?query= with the PrimaryResult table', async () => {
    const la = restClient(s.server, 'https://api.loganalytics.io/.default');
    const r = await la
      .pathUnchecked(`/v1/workspaces/${WORKSPACE}/query`)
      .get({ queryParameters: { query: 'AddonAzureBackupJobs | summarize n = dcount(JobUniqueId) by JobOperation', timespan: 'P2D' } });
    expect(r.status).toBe('200');
    expect(r.body).toMatchObject({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            { name: 'JobOperation', type: 'string' },
            { name: 'n', type: 'long' },
          ],
        },
      ],
    });
  });

  it('refuses unknown workspaces and bad queries like the service', async () => {
    await expect(
      logs().queryWorkspace('00000000-0000-4000-8000-000000000000', 'AddonAzureBackupJobs | take 1', { duration: 'PT1H' }),
    ).rejects.toMatchObject({ statusCode: 404, code: 'WorkspaceNotFoundError' });
    await expect(logs().queryWorkspace(WORKSPACE, 'AddonAzureBackupJobs | where', { duration: 'PT1H' })).rejects.toMatchObject({
      statusCode: 400,
      code: 'BadArgumentError',
    });
  });
});

describe('control API', () => {
  it('moves the clock, changes behaviour and summarises the scenario', async () => {
    const control = restClient(s.server, 'https://management.azure.com/.default');
    const before = s.model.nowMs();
    const advanced = await control.pathUnchecked('/_estate/clock/advance').post({ body: { by: 'PT1H' } });
    expect(Date.parse((advanced.body as { now: string }).now)).toBe(before + 3_600_000);
    const backwards = await control.pathUnchecked('/_estate/clock/advance').post({ body: { to: '2020-01-01T00:00:00Z' } });
    expect([backwards.status, (backwards.body as { error: { code: string } }).error.code]).toEqual(['400', 'InvalidRequestContent']);
    const changed = await control
      .pathUnchecked('/_estate/instances/behaviour')
      .post({ body: { instance: 'prod-weu-shop', behaviour: 'suspended' } });
    expect(changed.body).toMatchObject({ name: 'prod-weu-shop', behaviour: 'suspended', protectionState: 'BackupSchedulesSuspended' });
    const invalid = await control
      .pathUnchecked('/_estate/instances/behaviour')
      .post({ body: { instance: 'prod-weu-shop', behaviour: 'sleepy' } });
    expect(invalid.status).toBe('400');
    const summary = await control.pathUnchecked('/_estate/scenario').get();
    expect(summary.body).toMatchObject({ name: 'default', counts: { subscriptions: 2, clusters: 4, vaults: 3, instances: 11 } });
  });
});
