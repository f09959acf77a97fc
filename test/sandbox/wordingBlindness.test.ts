// The estate's knobs for Azure's inconsistent words and for a blind Resource Graph, through its control API over
// HTTPS: jobs worded Succeeded / Started, instances without currentProtectionState, Resource Graph leaving out a
// vault, a subscription or everything, a 403 for a missing role, and a canned body (a spec example) for a path.
import { getClient, type Client } from '@azure-rest/core-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';

let estate: Estate;
let arm: Client;
beforeAll(async () => {
  estate = await startEstate();
  arm = getClient(estate.url, new LocalDevCredential('estate-knobs'), {
    credentials: { scopes: ['https://management.azure.com/.default'] },
    tlsOptions: { ca: estate.ca },
    retryOptions: { maxRetries: 0 },
  });
});
afterAll(() => estate?.close());
beforeEach(async () => {
  estate.control.faults.clear();
  await arm.pathUnchecked('/_estate/resourceGraph/blindness').put({ body: {} });
  await arm
    .pathUnchecked('/_estate/wording')
    .put({ body: { jobCompleted: 'Completed', jobInProgress: 'InProgress', currentProtectionState: true } });
});

const DP = { queryParameters: { 'api-version': '2026-03-01' } };
const graph = async (query: string): Promise<Record<string, unknown>[]> => {
  const res = await arm.pathUnchecked('/providers/Microsoft.ResourceGraph/resources').post({
    queryParameters: { 'api-version': '2024-04-01' },
    body: { subscriptions: estate.model.subscriptions.map((s) => s.id), query, options: { $top: 1000 } },
  });
  expect(res.status).toBe('200');
  return (res.body as { data: Record<string, unknown>[] }).data;
};
const INSTANCES =
  "RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupinstances' | project id, properties";
const JOBS =
  "RecoveryServicesResources | where type =~ 'microsoft.dataprotection/backupvaults/backupjobs' | project id, status = tostring(properties.status)";

describe('PUT /_estate/wording', () => {
  it('words jobs as the spec examples do, in the REST API and in Resource Graph alike', async () => {
    const res = await arm.pathUnchecked('/_estate/wording').put({ body: { jobCompleted: 'Succeeded', jobInProgress: 'Started' } });
    expect(res.body).toEqual({ jobCompleted: 'Succeeded', jobInProgress: 'Started', currentProtectionState: true });
    const vault = estate.model.findInstance('prod-weu-shop')!.vault.id;
    const listed = (await arm.pathUnchecked(`${vault}/backupJobs`).get(DP)).body as { value: { properties: { status: string } }[] };
    const words = new Set(listed.value.map((j) => j.properties.status));
    expect(words.has('Succeeded')).toBe(true);
    expect(words.has('Completed')).toBe(false);
    const rows = new Set((await graph(JOBS)).map((r) => r.status));
    expect(rows.has('Succeeded') && !rows.has('Completed')).toBe(true);
  });

  it('serves instances with protectionStatus.status only', async () => {
    await arm.pathUnchecked('/_estate/wording').put({ body: { currentProtectionState: false } });
    const id = estate.model.findInstance('prod-weu-shop')!.id;
    const props = ((await arm.pathUnchecked(id).get(DP)).body as { properties: Record<string, unknown> }).properties;
    expect(props.currentProtectionState).toBeUndefined();
    expect(props.protectionStatus).toEqual({ status: 'ProtectionConfigured' });
    expect((await graph(INSTANCES)).every((r) => (r.properties as Record<string, unknown>).currentProtectionState === undefined)).toBe(
      true,
    );
  });

  it('refuses a word Azure does not use, naming it', async () => {
    const res = await arm.pathUnchecked('/_estate/wording').put({ body: { jobCompleted: 'Done' } });
    expect(res.status).toBe('400');
    expect(JSON.stringify(res.body)).toContain('jobCompleted');
  });
});

describe('PUT /_estate/resourceGraph/blindness', () => {
  it('hides everything, a subscription or a vault from Resource Graph only', async () => {
    const all = (await graph(INSTANCES)).length;
    expect(all).toBe(11);
    await arm.pathUnchecked('/_estate/resourceGraph/blindness').put({ body: { all: true } });
    expect(await graph(INSTANCES)).toEqual([]);
    expect(await graph(JOBS)).toEqual([]);
    await arm.pathUnchecked('/_estate/resourceGraph/blindness').put({ body: { subscriptions: ['contoso-dev'] } });
    expect(await graph(INSTANCES)).toHaveLength(9);
    const res = await arm.pathUnchecked('/_estate/resourceGraph/blindness').put({ body: { vaults: ['bv-prod-neu'] } });
    expect(res.body).toMatchObject({
      all: false,
      subscriptions: [],
      vaults: [estate.model.findInstance('prod-neu-shop')!.vault.id.toLowerCase()],
    });
    expect(await graph(INSTANCES)).toHaveLength(9);
    // The DataProtection API still lists the hidden vault's instances.
    const vault = estate.model.findInstance('prod-neu-shop')!.vault.id;
    expect(((await arm.pathUnchecked(`${vault}/backupInstances`).get(DP)).body as { value: unknown[] }).value).toHaveLength(2);
  });

  it('answers 404 naming an unknown vault', async () => {
    const res = await arm.pathUnchecked('/_estate/resourceGraph/blindness').put({ body: { vaults: ['bv-nope'] } });
    expect(res.status).toBe('404');
    expect(JSON.stringify(res.body)).toContain('bv-nope');
  });
});

describe('faults for a missing role and for canned bodies', () => {
  it('answers 403 AuthorizationFailed', async () => {
    await arm.pathUnchecked('/_estate/faults').post({ body: { kind: 'status', status: 403, service: 'resourceGraph', times: 'Infinity' } });
    const res = await arm.pathUnchecked('/providers/Microsoft.ResourceGraph/resources').post({
      queryParameters: { 'api-version': '2024-04-01' },
      body: { query: INSTANCES },
    });
    expect(res.status).toBe('403');
    expect(res.body).toMatchObject({ error: { code: 'AuthorizationFailed' } });
  });

  it('answers a matching GET with the given body', async () => {
    const id = estate.model.findInstance('prod-weu-shop')!.id;
    const body = { id, name: 'example', properties: { protectionStatus: { status: 'NotProtected' } } };
    await arm.pathUnchecked('/_estate/faults').post({ body: { kind: 'respond', method: 'GET', path: 'prod-weu-shop$', body } });
    expect((await arm.pathUnchecked(id).get(DP)).body).toEqual(body);
    expect(((await arm.pathUnchecked(id).get(DP)).body as { name: string }).name).toBe('prod-weu-shop'); // times: 1
  });
});
