// Bulk estates for benchmarks: N vaults × M instances, one AKS cluster per instance (as in Azure, where a cluster is
// protected once), behaviours drawn from a seeded mix. Output is already in the validated shape, so thousands of
// instances skip zod and load in milliseconds.
import { seededRandom } from './hash.js';
import type { Behaviour, ClusterSpec, GenerateSpec, InstanceSpec, PolicySpec, VaultSpec } from './scenario.js';

const INTERVALS: readonly { name: string; interval: string; minutes: number }[] = [
  { name: 'aks-4h', interval: 'PT4H', minutes: 240 },
  { name: 'aks-6h', interval: 'PT6H', minutes: 360 },
  { name: 'aks-12h', interval: 'PT12H', minutes: 720 },
  { name: 'aks-daily', interval: 'P1D', minutes: 1440 },
];

type Kind = 'healthy' | 'failing' | 'suspended' | 'neverBackedUp';

export function expandGenerated(spec: GenerateSpec): { clusters: ClusterSpec[]; vaults: VaultSpec[] } {
  const random = seededRandom(spec.seed);
  const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
  const kinds: [Kind, number][] = [
    ['healthy', spec.mix.healthy],
    ['failing', spec.mix.failing],
    ['suspended', spec.mix.suspended],
    ['neverBackedUp', spec.mix.neverBackedUp],
  ];
  const total = kinds.reduce((sum, [, share]) => sum + share, 0) || 1;
  const drawKind = (): Kind => {
    let roll = random() * total;
    for (const [kind, share] of kinds) {
      if (roll < share) return kind;
      roll -= share;
    }
    return 'healthy';
  };

  const clusters: ClusterSpec[] = [];
  const vaults: VaultSpec[] = [];
  for (let v = 0; v < spec.vaults; v++) {
    const vaultName = `bv-gen-${String(v).padStart(3, '0')}`;
    // Each vault's policies start at their own minute of the interval, as real policies are created at random times.
    const offsets = INTERVALS.map((p) => int(1, p.minutes - 1));
    const policies: PolicySpec[] = INTERVALS.map((p, i) => ({
      name: p.name,
      interval: p.interval,
      anchor: `-PT${offsets[i] ?? 1}M`,
      retention: 'P7D',
      rule: p.minutes >= 1440 ? 'BackupDaily' : 'BackupHourly',
      description: undefined,
      readable: true,
    }));
    const instances: InstanceSpec[] = [];
    for (let j = 0; j < spec.instancesPerVault; j++) {
      const clusterName = `aks-gen-${String(v).padStart(3, '0')}-${String(j).padStart(4, '0')}`;
      const rg = `rg-aks-gen-${String(v).padStart(3, '0')}`;
      clusters.push({
        name: clusterName,
        subscription: spec.subscription,
        resourceGroup: rg,
        location: spec.location,
        tags: { env: j % 3 === 0 ? 'prod' : 'stage', 'backup-tier': ['Critical', 'Production', 'Standard'][j % 3] ?? 'Standard' },
        kubernetesVersion: '1.32.7',
        powerState: 'Running',
        createdAt: '-P180D',
        namespaces: ['app', 'data'].map((name) => ({
          name,
          labels: {},
          resources: { deployments: 2, pods: 4, services: 1, configMaps: 2, pvcs: 1 },
        })),
      });
      const p = int(0, INTERVALS.length - 1);
      const kind = drawKind();
      const offset = offsets[p] ?? 2;
      instances.push({
        name: `${clusterName}-bi`,
        cluster: clusterName,
        policy: INTERVALS[p]?.name ?? 'aks-4h',
        friendlyName: undefined,
        description: `generated (${kind})`,
        tags: {},
        // "Never backed up": created after the policy's last slot before clock start.
        createdAt: kind === 'neverBackedUp' ? `-PT${Math.max(0, Math.floor(offset / 2))}M` : '-P10D',
        jobDuration: `PT${int(3, 12)}M`,
        includedNamespaces: undefined,
        excludedNamespaces: [],
        snapshotResourceGroup: undefined,
        timeline: timelineFor(kind, int),
      });
    }
    vaults.push({
      name: vaultName,
      subscription: spec.subscription,
      resourceGroup: `rg-backup-gen-${String(Math.floor(v / 10)).padStart(2, '0')}`,
      location: spec.location,
      tags: { generated: 'true' },
      redundancy: 'LocallyRedundant',
      policies,
      instances,
    });
  }
  return { clusters, vaults };
}

function timelineFor(kind: Kind, int: (min: number, max: number) => number): InstanceSpec['timeline'] {
  const entry = (from: string, behaviour: Behaviour): InstanceSpec['timeline'][number] => ({ from, behaviour });
  switch (kind) {
    case 'failing':
      return [entry(`-PT${int(1, 48)}H`, 'failing')];
    case 'suspended':
      return [entry(`-P${int(1, 5)}D`, 'suspended')];
    default:
      return [];
  }
}
