import { describe, expect, it } from 'vitest';
import { clusterCoverage, namespaceGaps, volumeSkipReason, type VolumeFact } from '../../../shared/domain/estate/coverage.js';

const K1 = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/k1';

describe('cluster coverage', () => {
  const bi = { instanceId: '/bi/k1-shop', clusterId: K1.toUpperCase() };
  it('covered by a backup instance (ids compared case-insensitively) or by a Velero source naming it', () => {
    expect(clusterCoverage({ id: K1, name: 'k1' }, [bi], [], 'backup-exempt')).toEqual({ state: 'covered', by: ['/bi/k1-shop'] });
    expect(clusterCoverage({ id: K1, name: 'k1' }, [], [{ name: 'velero-prod', clusterId: K1 }], 'backup-exempt')).toEqual({
      state: 'covered',
      by: ['velero:velero-prod'],
    });
  });
  it('exempt only by a tag that says why', () => {
    expect(
      clusterCoverage({ id: K1, name: 'k1', tags: { 'Backup-Exempt': 'stateless, rebuilt from git' } }, [], [], 'backup-exempt'),
    ).toEqual({ state: 'exempt', reason: 'stateless, rebuilt from git' });
    expect(clusterCoverage({ id: K1, name: 'k1', tags: { 'backup-exempt': ' ' } }, [], [], 'backup-exempt')).toMatchObject({
      state: 'unprotected',
      reason: expect.stringContaining('must say why') as string,
    });
  });
  it('unprotected otherwise; a Velero source without a cluster covers nothing', () =>
    expect(
      clusterCoverage({ id: K1, name: 'k1' }, [{ instanceId: '/bi/x', clusterId: '/other' }], [{ name: 'v' }], 'backup-exempt').state,
    ).toBe('unprotected'));
});

describe('namespaces no instance backs up', () => {
  const all = ['kube-system', 'kube-public', 'kube-node-lease', 'shop', 'payments', 'new-team'];
  it('skips the system namespaces Azure never backs up, and lists the ones outside every include list', () =>
    expect(namespaceGaps(all, [{ instanceId: 'a', clusterId: K1, includedNamespaces: ['shop', 'payments'] }])).toEqual([
      { namespace: 'new-team', why: 'not in any instance’s include list' },
    ]));
  it('an empty include list covers every namespace, less the excluded ones', () =>
    expect(namespaceGaps(all, [{ instanceId: 'a', clusterId: K1, includedNamespaces: [], excludedNamespaces: ['payments'] }])).toEqual([
      { namespace: 'payments', why: 'excluded by every instance' },
    ]));
  it('a namespace covered only through label selectors is partly covered, and said so', () =>
    expect(namespaceGaps(['shop'], [{ instanceId: 'a', clusterId: K1, labelSelectors: ['backup=true'] }])).toEqual([
      { namespace: 'shop', why: 'only resources matching backup=true are backed up' },
    ]));
  it('no gap when two instances share the namespaces between them', () =>
    expect(
      namespaceGaps(
        ['shop', 'payments'],
        [
          { instanceId: 'a', clusterId: K1, includedNamespaces: ['shop'] },
          { instanceId: 'b', clusterId: K1, includedNamespaces: ['payments'] },
        ],
      ),
    ).toEqual([]));
});

describe('volumes Azure Backup for AKS skips (support matrix)', () => {
  const v = (over: Partial<VolumeFact>): VolumeFact => ({
    namespace: 'shop',
    claim: 'data',
    csiDriver: 'disk.csi.azure.com',
    skuName: 'Premium_LRS',
    sizeGiB: 128,
    ...over,
  });
  it.each<[string, Partial<VolumeFact>, boolean, RegExp | undefined]>([
    ['an Azure Disk CSI volume', {}, true, undefined],
    ['Azure Files', { csiDriver: 'file.csi.azure.com' }, false, /Azure Files/],
    ['Azure Blob', { csiDriver: 'blob.csi.azure.com' }, false, /Azure Blob/],
    ['Premium SSD v2', { skuName: 'PremiumV2_LRS' }, false, /Premium SSD v2/],
    ['Ultra', { skuName: 'UltraSSD_LRS' }, false, /Ultra/],
    ['in-tree', { csiDriver: undefined }, false, /in-tree/],
    ['a 2 TB disk for the vault tier', { sizeGiB: 2048 }, true, /up to 1 TB/],
    ['a 2 TB disk, operational tier only', { sizeGiB: 2048 }, false, undefined],
  ])('%s', (_, over, vaultTier, reason) => {
    const r = volumeSkipReason(v(over), vaultTier);
    if (reason) expect(r).toMatch(reason);
    else expect(r).toBeUndefined();
  });
});
