import { describe, expect, it } from 'vitest';
import { postureFindings, securityLevel, type VaultPosture } from '../../../shared/domain/estate/posture.js';

const strong: VaultPosture = {
  id: '/subscriptions/s/resourceGroups/rg-bk/providers/Microsoft.DataProtection/backupVaults/v1',
  name: 'v1',
  softDeleteState: 'AlwaysOn',
  softDeleteDays: 14,
  immutability: 'Locked',
  redundancy: 'GeoRedundant',
  crossRegionRestore: true,
  resourceGuard: true,
  jobFailureAlerts: true,
};

describe('security level (Azure Backup’s own scale)', () => {
  it.each<[Partial<VaultPosture>, string]>([
    [{}, 'Excellent'],
    [{ resourceGuard: false }, 'Good'],
    [{ softDeleteState: 'On', immutability: 'Unlocked' }, 'Good'],
    [{ immutability: 'Disabled', softDeleteState: 'On' }, 'Fair'],
    [{ softDeleteState: 'Off', immutability: 'Unlocked' }, 'Fair'],
    [{ softDeleteState: 'Off', immutability: 'Disabled' }, 'Poor'],
  ])('%j → %s', (over, level) => expect(securityLevel({ ...strong, ...over })).toBe(level));
});

describe('posture findings per tier', () => {
  const checks = (over: Partial<VaultPosture>, tier: string): string[] => postureFindings({ ...strong, ...over }, tier).map((f) => f.check);
  it('a strong vault has none, whatever the tier', () => {
    for (const tier of ['Critical', 'Production', 'Standard', 'Development']) expect(checks({}, tier)).toEqual([]);
  });
  it('a weak, locally redundant vault: everything that matters for Critical', () =>
    expect(
      checks(
        {
          softDeleteState: 'On',
          softDeleteDays: 7,
          immutability: 'Unlocked',
          redundancy: 'LocallyRedundant',
          resourceGuard: false,
          jobFailureAlerts: false,
        },
        'Critical',
      ),
    ).toEqual(['soft-delete', 'immutability', 'redundancy', 'multi-user-authorization', 'job-failure-alerts']));
  it('the same vault holding only Standard backups: soft delete and alerts only', () =>
    expect(
      checks(
        {
          softDeleteState: 'On',
          softDeleteDays: 7,
          immutability: 'Unlocked',
          redundancy: 'LocallyRedundant',
          resourceGuard: false,
          jobFailureAlerts: false,
        },
        'Standard',
      ),
    ).toEqual(['soft-delete', 'job-failure-alerts']));
  it('Production: unlocked immutability is enough, disabled is not; geo-redundancy wants cross-region restore', () => {
    expect(checks({ immutability: 'Unlocked' }, 'Production')).toEqual([]);
    expect(checks({ immutability: 'Disabled', crossRegionRestore: false }, 'Production')).toEqual(['immutability', 'cross-region-restore']);
  });
  it('each finding says why and gives the az command for this vault', () => {
    const [f] = postureFindings({ ...strong, softDeleteState: 'Off' }, 'Critical');
    expect(f).toMatchObject({ severity: 'critical', what: 'soft delete is off' });
    expect(f?.az).toBe(
      'az dataprotection backup-vault update --resource-group rg-bk --vault-name v1 --soft-delete-state On --retention-duration-in-days 14',
    );
  });
});
