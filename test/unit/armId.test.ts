import { describe, expect, it } from 'vitest';
import { parseBackupInstanceId, parseVaultId, resourceName, sameArmId } from '../../shared/domain/armId.js';

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
