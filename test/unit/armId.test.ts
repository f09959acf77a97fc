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
