// Shape contract: what the estate serves must carry every field that the REST specs' own examples show for the same
// operation (Azure/azure-rest-api-specs, Microsoft.DataProtection stable/2026-03-01/examples). The field lists below
// are transcribed from those examples; the estate may add fields, never drop one. If Azure's examples change, update
// the list here and the estate with it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getClient, type Client } from '@azure-rest/core-client';
import { startEstate, type Estate } from '../../sandbox/estate/index.js';
import { LocalDevCredential } from '../../shared/adapters/arm/credential.js';

let estate: Estate;
let arm: Client;
let vaultId: string;
let instanceId: string;
let policyId: string;

const API = { queryParameters: { 'api-version': '2026-03-01' } };
const body = async (path: string): Promise<unknown> => {
  const res = await arm.pathUnchecked(path).get(API);
  expect(res.status).toBe('200');
  return res.body;
};

/** 'a.b[].c': `[]` means "at least one element of that array has the rest of the path". */
function missing(value: unknown, path: string): boolean {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return false;
  const isArray = head.endsWith('[]');
  const key = isArray ? head.slice(0, -2) : head;
  const next = (value as Record<string, unknown> | undefined)?.[key];
  if (next === undefined || next === null) return true;
  if (!isArray) return rest.length > 0 && missing(next, rest.join('.'));
  if (!Array.isArray(next) || next.length === 0) return true;
  return rest.length > 0 && next.every((item) => missing(item, rest.join('.')));
}

beforeAll(async () => {
  estate = await startEstate();
  arm = getClient(estate.endpoints.resourceManager, new LocalDevCredential('shape-test'), {
    credentials: { scopes: ['https://management.azure.com/.default'] },
    tlsOptions: { ca: estate.ca },
  });
  const model = estate.model;
  const instance = model.findInstance('prod-weu-shop')!;
  instanceId = instance.id;
  vaultId = instance.vault.id;
  policyId = instance.policy.id;
});
afterAll(() => estate?.close());

const ARM_RESOURCE = ['id', 'name', 'type', 'properties'];

describe('responses carry the fields of the spec examples', () => {
  it.each([
    [
      'BackupVaults_GetInSubscription',
      () => `/subscriptions/${vaultId.split('/')[2]}/providers/Microsoft.DataProtection/backupVaults`,
      [
        'value[].id',
        'value[].name',
        'value[].type',
        'value[].location',
        'value[].identity',
        'value[].properties.storageSettings[].datastoreType',
        'value[].properties.provisioningState',
      ],
    ],
    [
      'BackupInstances_Get',
      () => instanceId,
      [
        ...ARM_RESOURCE,
        'properties.objectType',
        'properties.friendlyName',
        'properties.dataSourceInfo.objectType',
        'properties.dataSourceInfo.datasourceType',
        'properties.dataSourceInfo.resourceID',
        'properties.dataSourceInfo.resourceName',
        'properties.dataSourceInfo.resourceType',
        'properties.dataSourceInfo.resourceLocation',
        'properties.dataSourceSetInfo.resourceID',
        'properties.policyInfo.policyId',
        'properties.policyInfo.policyVersion',
        'properties.protectionStatus.status',
        'properties.provisioningState',
        'properties.currentProtectionState',
      ],
    ],
    [
      'BackupPolicies_Get',
      () => policyId,
      [
        ...ARM_RESOURCE,
        'properties.objectType',
        'properties.datasourceTypes',
        'properties.policyRules[].name',
        'properties.policyRules[].objectType',
        'properties.policyRules[].backupParameters.backupType',
        'properties.policyRules[].dataStore.dataStoreType',
        'properties.policyRules[].trigger.objectType',
        'properties.policyRules[].trigger.schedule.repeatingTimeIntervals',
        'properties.policyRules[].trigger.taggingCriteria[].tagInfo.tagName',
        'properties.policyRules[].trigger.taggingCriteria[].taggingPriority',
        'properties.policyRules[].trigger.taggingCriteria[].isDefault',
        'properties.policyRules[].lifecycles[].deleteAfter.duration',
        'properties.policyRules[].lifecycles[].deleteAfter.objectType',
        'properties.policyRules[].lifecycles[].sourceDataStore.dataStoreType',
        'properties.policyRules[].isDefault',
      ],
    ],
    [
      'RecoveryPoints_List',
      () => `${instanceId}/recoveryPoints`,
      [
        'value[].id',
        'value[].name',
        'value[].type',
        'value[].properties.objectType',
        'value[].properties.recoveryPointId',
        'value[].properties.recoveryPointTime',
        'value[].properties.recoveryPointType',
        'value[].properties.recoveryPointState',
        'value[].properties.expiryTime',
        'value[].properties.recoveryPointDataStoresDetails[].type',
        'value[].properties.recoveryPointDataStoresDetails[].creationTime',
        'value[].properties.recoveryPointDataStoresDetails[].id',
      ],
    ],
    [
      'Jobs_List',
      () => `${vaultId}/backupJobs`,
      [
        'value[].id',
        'value[].name',
        'value[].type',
        'value[].properties.activityID',
        'value[].properties.backupInstanceFriendlyName',
        'value[].properties.backupInstanceId',
        'value[].properties.dataSourceId',
        'value[].properties.dataSourceLocation',
        'value[].properties.dataSourceName',
        'value[].properties.dataSourceType',
        'value[].properties.duration',
        'value[].properties.isUserTriggered',
        'value[].properties.operation',
        'value[].properties.operationCategory',
        'value[].properties.policyId',
        'value[].properties.policyName',
        'value[].properties.progressEnabled',
        'value[].properties.sourceResourceGroup',
        'value[].properties.sourceSubscriptionID',
        'value[].properties.startTime',
        'value[].properties.status',
        'value[].properties.subscriptionId',
        'value[].properties.supportedActions',
        'value[].properties.vaultName',
        'value[].properties.endTime',
      ],
    ],
  ] as const)('%s', async (_operation, path, fields) => {
    const served = await body(path());
    expect(fields.filter((f) => missing(served, f))).toEqual([]);
  });

  it('BackupInstances_AdhocBackup: 202 with Azure-AsyncOperation, Location, Retry-After; status then final body', async () => {
    const res = await arm
      .pathUnchecked(`${instanceId}/backup`)
      .post({ ...API, body: { backupRuleOptions: { ruleName: 'BackupHourly', triggerOption: { retentionTagOverride: 'Default' } } } });
    expect(res.status).toBe('202');
    for (const h of ['azure-asyncoperation', 'location', 'retry-after']) expect(res.headers[h], h).toBeDefined();
    expect(res.headers['azure-asyncoperation']).toMatch(/\/backupVaults\/[^/]+\/operationStatus\/[^/?]+\?api-version=2026-03-01$/);
    let status = (await arm.pathUnchecked(res.headers['azure-asyncoperation']!).get()).body as Record<string, unknown>;
    for (let i = 0; i < 5 && status.status === 'InProgress'; i++)
      status = (await arm.pathUnchecked(res.headers['azure-asyncoperation']!).get()).body as Record<string, unknown>;
    expect(['id', 'name', 'status', 'startTime', 'endTime'].filter((f) => missing(status, f))).toEqual([]);
    const final = await arm.pathUnchecked(res.headers.location!).get();
    expect(final.status).toBe('200');
    expect(['jobId', 'objectType'].filter((f) => missing(final.body, f))).toEqual([]);
    expect((final.body as { objectType: string }).objectType).toBe('OperationJobExtendedInfo');
  });

  it('errors use the ARM error envelope', async () => {
    const res = await arm.pathUnchecked(`${vaultId}/backupInstances/nope`).get(API);
    expect(res.status).toBe('404');
    expect(['error.code', 'error.message'].filter((f) => missing(res.body, f))).toEqual([]);
  });
});

describe('the field checker itself', () => {
  it('finds absent fields, empty arrays and fields no element has', () => {
    const doc = { a: { b: 1 }, list: [{ x: 1 }, { y: 2 }], empty: [] };
    expect(missing(doc, 'a.b')).toBe(false);
    expect(missing(doc, 'a.c')).toBe(true);
    expect(missing(doc, 'list[].y')).toBe(false);
    expect(missing(doc, 'list[].z')).toBe(true);
    expect(missing(doc, 'empty[].x')).toBe(true);
    expect(missing(doc, 'nothing')).toBe(true);
  });
});
