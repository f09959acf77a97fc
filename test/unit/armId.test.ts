import { describe, expect, it } from 'vitest';
import {
  armIdProblem,
  parseArmScope,
  parseBackupInstanceId,
  parseBackupJobId,
  parseVaultId,
  resourceName,
  sameArmId,
} from '../../shared/domain/armId.js';

const BI =
  '/subscriptions/11111111-1111-1111-1111-111111111111/resourceGroups/rg-backup/providers/Microsoft.DataProtection/backupVaults/bv1/backupInstances/aks-prod-bi';

describe('ARM ids', () => {
  it('parses a backup instance id', () => {
    expect(parseBackupInstanceId(BI)).toEqual({
      subscriptionId: '11111111-1111-1111-1111-111111111111',
      resourceGroup: 'rg-backup',
      vaultName: 'bv1',
      instanceName: 'aks-prod-bi',
      id: BI,
    });
  });
  it('normalises provider casing', () =>
    expect(parseBackupInstanceId(BI.replace('Microsoft.DataProtection', 'microsoft.dataprotection'))?.id).toBe(BI));
  it.each([
    '',
    'aks-prod-bi',
    BI + '/recoveryPoints/x',
    BI.replace('backupInstances', 'backupPolicies'),
    '/subscriptions//resourceGroups/rg/providers/Microsoft.DataProtection/backupVaults/v/backupInstances/b',
  ])('rejects %j', (id) => expect(parseBackupInstanceId(id)).toBeUndefined());
  it('parses a vault id', () => expect(parseVaultId(BI.replace(/\/backupInstances\/.*/, ''))?.vaultName).toBe('bv1'));
  it('takes the last segment as the name', () => expect(resourceName(BI)).toBe('aks-prod-bi'));
  it('compares ids case-insensitively', () => expect(sameArmId(BI, BI.toUpperCase())).toBe(true));
});

describe('ARM ids as paths', () => {
  it.each([
    ['a broken percent-escape', BI.replace('aks-prod-bi', 'aks%zz'), /broken percent-escape in "aks%zz"/],
    ['a truncated escape', BI.replace('aks-prod-bi', 'x%E0%A4%A'), /broken percent-escape/],
    ['a dot-dot segment', BI.replace('rg-backup', '..'), /dot segment/],
    ['an encoded dot-dot segment', BI.replace('rg-backup', '%2e%2E'), /dot segment/],
    ['a dot segment', BI.replace('bv1', '.'), /dot segment/],
    ['an encoded slash', BI.replace('bv1', 'a%2Fb'), /encoded \//],
    ['a control character', BI.replace('bv1', 'a%0Ab'), /control character/],
    ['a lone surrogate (found by the fuzz suite: URIError when encoded again)', BI.replace('bv1', '\uD800'), /not valid Unicode/],
    ['an encoded lone surrogate', BI.replace('bv1', '%ED%A0%80'), /broken percent-escape/],
  ])('refuses %s, saying why', (_what, id, why) => {
    expect(armIdProblem(id)).toMatch(why);
    expect(parseBackupInstanceId(id)).toBeUndefined();
    expect(parseArmScope(id)).toBeUndefined();
  });
  it('takes ordinary names and well-formed escapes', () => {
    expect(armIdProblem(BI)).toBeUndefined();
    expect(armIdProblem(BI.replace('bv1', 'bv%201'))).toBeUndefined();
  });

  it.each([
    ['/subscriptions/s', { subscriptionId: 's', resourceGroup: undefined, resourceType: undefined }],
    ['/subscriptions/s/', { subscriptionId: 's', resourceGroup: undefined, resourceType: undefined }],
    ['/subscriptions/s/resourceGroups/rg', { subscriptionId: 's', resourceGroup: 'rg', resourceType: undefined }],
    [
      '/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/1',
      { subscriptionId: 's', resourceGroup: undefined, resourceType: 'Microsoft.AlertsManagement/alerts' },
    ],
    [
      BI,
      {
        subscriptionId: '11111111-1111-1111-1111-111111111111',
        resourceGroup: 'rg-backup',
        resourceType: 'Microsoft.DataProtection/backupVaults/backupInstances',
      },
    ],
  ])('reads the scope of %s', (id, scope) => expect(parseArmScope(id)).toEqual(scope));
  it.each([
    '',
    'subscriptions/s',
    '/subscriptions',
    '/subscriptions/s/resourceGroups',
    '/subscriptions/s/providers/Microsoft.X/things',
    'https://x/subscriptions/s',
  ])('refuses %j as a scope', (id) => expect(parseArmScope(id)).toBeUndefined());

  it('reads backup job ids canonically', () => {
    const job = BI.replace(/backupInstances\/.*/, 'backupJobs/0f1e').replace('Microsoft.DataProtection', 'microsoft.dataprotection');
    expect(parseBackupJobId(job)).toEqual({
      subscriptionId: '11111111-1111-1111-1111-111111111111',
      id: job.replace('microsoft.dataprotection', 'Microsoft.DataProtection'),
    });
    expect(parseBackupJobId(job.replace('0f1e', '..'))).toBeUndefined();
  });
});

const VAULT = BI.replace(/\/backupInstances\/.*/, '');
const JOB = `${VAULT}/backupJobs/0f1e`;
const SUB = '11111111-1111-1111-1111-111111111111';

describe('ARM ids at the edges', () => {
  it('every parser reads an id with white space around it', () => {
    expect(parseVaultId(` ${VAULT}\n`)?.id).toBe(VAULT);
    expect(parseBackupInstanceId(`\t${BI} `)?.id).toBe(BI);
    expect(parseBackupJobId(` ${JOB}\n`)?.id).toBe(JOB);
    expect(parseArmScope(` ${VAULT} `)?.resourceGroup).toBe('rg-backup');
  });

  it('reads a vault id whatever the casing of its provider and types', () =>
    expect(parseVaultId(VAULT.replace('Microsoft.DataProtection/backupVaults', 'microsoft.dataprotection/BACKUPVAULTS'))).toEqual({
      subscriptionId: SUB,
      resourceGroup: 'rg-backup',
      vaultName: 'bv1',
      id: VAULT,
    }));

  it('refuses a vault or a job id with a dot segment, and an instance id as a job', () => {
    expect(parseVaultId(VAULT.replace('rg-backup', '..'))).toBeUndefined();
    expect(parseBackupJobId(BI)).toBeUndefined();
  });

  it('takes a name with an emoji (a valid surrogate pair), refuses a lone low surrogate', () => {
    expect(armIdProblem(BI.replace('aks-prod-bi', 'orders-\uD83D\uDE00'))).toBeUndefined();
    expect(armIdProblem(BI.replace('aks-prod-bi', 'orders-%F0%9F%98%80'))).toBeUndefined();
    expect(armIdProblem(BI.replace('aks-prod-bi', '\uDE00orders'))).toBe('has a character that is not valid Unicode');
  });

  it('quotes a broken escape whole up to 40 characters, cut after that', () => {
    const forty = `%zz${'a'.repeat(37)}`;
    expect(armIdProblem(`/subscriptions/${forty}`)).toBe(`has a broken percent-escape in "${forty}"`);
    expect(armIdProblem(`/subscriptions/${forty}b`)).toBe(`has a broken percent-escape in "${forty}…"`);
  });

  it.each([
    ['/subscriptions/s/providers/Microsoft.AlertsManagement/alerts/1/', 'Microsoft.AlertsManagement/alerts'],
    ['/subscriptions/s/providers/Microsoft.X/things/a/subthings/b', 'Microsoft.X/things/subthings'],
  ])('reads the resource type of %s', (id, resourceType) => expect(parseArmScope(id)?.resourceType).toBe(resourceType));

  it.each([
    ['a provider alone', '/subscriptions/s/providers/Microsoft.X'],
    ['a type without a name below a resource', '/subscriptions/s/providers/Microsoft.X/things/a/subthings'],
  ])('refuses %s as a scope', (_what, id) => expect(parseArmScope(id)).toBeUndefined());

  it('names a resource by its last segment, trailing slash or not', () => expect(resourceName(`${BI}/`)).toBe('aks-prod-bi'));

  it('tells different ids apart', () => expect(sameArmId(BI, VAULT)).toBe(false));
});
