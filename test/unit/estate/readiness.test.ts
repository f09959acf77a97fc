import { describe, expect, it } from 'vitest';
import { worst } from '../../../shared/domain/estate/finding.js';
import { readinessFindings, TRUSTED_ACCESS_ROLE, type ReadinessFacts } from '../../../shared/domain/estate/readiness.js';

const K1 = '/subscriptions/s/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/k1';
const VAULT = '/subscriptions/s/resourceGroups/rg-bk/providers/Microsoft.DataProtection/backupVaults/v1';
const ready: ReadinessFacts = {
  cluster: { id: K1, name: 'k1' },
  vaultId: VAULT,
  snapshotResourceGroupId: '/subscriptions/s/resourceGroups/rg-snap',
  storageAccountId: '/subscriptions/s/resourceGroups/rg-bk/providers/Microsoft.Storage/storageAccounts/sa1',
  extension: { value: { provisioningState: 'Succeeded', principalId: 'ext-principal' } },
  trustedAccessVaults: { value: [{ sourceResourceId: VAULT.toUpperCase(), roles: [TRUSTED_ACCESS_ROLE] }] },
  extensionStorageRoles: { value: ['Storage Account Contributor'] },
  vaultRolesOnCluster: { value: ['Reader'] },
  vaultRolesOnSnapshotRg: { value: ['Reader'] },
  clusterRolesOnSnapshotRg: { value: ['Contributor'] },
  diskCsiDriver: true,
  snapshotController: true,
  identityType: 'SystemAssigned',
  nodePools: [{ name: 'sys', osType: 'Linux', arch: 'amd64' }],
  veleroInstalled: { value: false },
};
const checks = (f: ReadinessFacts): string[] => readinessFindings(f).map((x) => x.check);

describe('readiness of a protected cluster', () => {
  it('a cluster set up as Azure documents has no finding', () => expect(readinessFindings(ready)).toEqual([]));
  it.each<[string, Partial<ReadinessFacts>, string, RegExp]>([
    [
      'no backup extension',
      { extension: { value: undefined } },
      'extension',
      /az k8s-extension create --name azure-aks-backup --extension-type microsoft.dataprotection.kubernetes .*--cluster-name k1 --resource-group rg-aks/,
    ],
    [
      'an extension that failed',
      { extension: { value: { provisioningState: 'Failed', principalId: undefined } } },
      'extension',
      /az k8s-extension show/,
    ],
    [
      'no trusted access for the vault',
      { trustedAccessVaults: { value: [{ sourceResourceId: '/other/vault', roles: [TRUSTED_ACCESS_ROLE] }] } },
      'trusted-access',
      /az aks trustedaccess rolebinding create .*--source-resource-id \/subscriptions\/s\/resourceGroups\/rg-bk/,
    ],
    [
      'the extension identity without its storage role',
      { extensionStorageRoles: { value: ['Storage Blob Data Reader'] } },
      'extension-storage-role',
      /--assignee-object-id ext-principal .*--role "Storage Account Contributor" --scope .*storageAccounts\/sa1/,
    ],
    [
      'the vault without Reader on the snapshot resource group',
      { vaultRolesOnSnapshotRg: { value: [] } },
      'vault-reader-snapshot-rg',
      /--role "Reader" --scope \/subscriptions\/s\/resourceGroups\/rg-snap/,
    ],
    [
      'the cluster without Contributor on the snapshot resource group',
      { clusterRolesOnSnapshotRg: { value: ['Reader'] } },
      'cluster-contributor-snapshot-rg',
      /--role "Contributor"/,
    ],
    [
      'the snapshot controller off',
      { snapshotController: false },
      'csi',
      /az aks update -g rg-aks -n k1 --enable-disk-driver --enable-snapshot-controller/,
    ],
    ['a service-principal cluster', { identityType: 'ServicePrincipal' }, 'identity', /--enable-managed-identity/],
    ['only arm64 nodes', { nodePools: [{ name: 'arm', osType: 'Linux', arch: 'arm64' }] }, 'nodes', /az aks nodepool add/],
    ['Velero beside the extension', { veleroInstalled: { value: true } }, 'velero-beside', /velero uninstall/],
  ])('%s → one finding with the fix as an az command', (_, over, check, az) => {
    const findings = readinessFindings({ ...ready, ...over });
    expect(findings.map((f) => f.check)).toEqual([check]);
    expect(findings[0]?.az).toMatch(az);
    expect(findings[0]?.fix.length).toBeGreaterThan(5);
  });
  it('a fact that could not be read is an unknown finding, never a pass', () => {
    const f = readinessFindings({ ...ready, trustedAccessVaults: { error: '403 AuthorizationFailed' }, diskCsiDriver: undefined });
    expect(f.map((x) => [x.check, x.severity])).toEqual([
      ['trusted-access', 'unknown'],
      ['csi', 'unknown'],
    ]);
    expect(f[0]?.what).toContain('403 AuthorizationFailed');
  });
  it('one arm64 pool beside a Linux amd64 pool is fine; the worst finding ranks the cluster', () => {
    expect(checks({ ...ready, nodePools: [...ready.nodePools, { name: 'arm', osType: 'Linux', arch: 'arm64' }] })).toEqual([]);
    expect(worst(readinessFindings({ ...ready, veleroInstalled: { value: true }, diskCsiDriver: false }))).toBe('critical');
  });
});
