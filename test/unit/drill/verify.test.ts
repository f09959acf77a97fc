import { describe, expect, it } from 'vitest';
import { parseKubeList, type KubeItem } from '../../../shared/domain/drill/kube.js';
import { isolationProblem, readiness } from '../../../shared/domain/drill/verify.js';

const list = (...items: object[]): KubeItem[] => parseKubeList(JSON.stringify({ apiVersion: 'v1', kind: 'List', items })) ?? [];
const deploy = (name: string, replicas: number, ready: number | undefined) => ({
  kind: 'Deployment',
  metadata: { name, namespace: 'validation-shop-d1' },
  spec: { replicas },
  status: ready === undefined ? {} : { readyReplicas: ready },
});
const pvc = (name: string, phase: string) => ({ kind: 'PersistentVolumeClaim', metadata: { name }, status: { phase } });
const pod = (name: string, reason?: string, restarts = 0) => ({
  kind: 'Pod',
  metadata: { name },
  status: { containerStatuses: [{ restartCount: restarts, state: reason ? { waiting: { reason } } : { running: {} } }] },
});
const pv = (name: string, handle: string | undefined, inTree = false) => ({
  kind: 'PersistentVolume',
  metadata: { name },
  spec:
    handle === undefined
      ? {}
      : inTree
        ? { azureDisk: { diskURI: handle } }
        : { csi: { driver: 'disk.csi.azure.com', volumeHandle: handle } },
});

describe('kubectl JSON', () => {
  it('reads a List or a single object, and refuses text that is not JSON', () => {
    expect(list(deploy('a', 1, 1))).toHaveLength(1);
    expect(parseKubeList(JSON.stringify(deploy('a', 1, 1)))?.[0]?.name).toBe('a');
    expect(parseKubeList('NAME READY\napi 1/1')).toBeUndefined();
    expect(parseKubeList('{"items": 3}')).toBeUndefined();
  });
});

describe('readiness of the restored copy', () => {
  it('ready when every workload has its desired ready replicas, every PVC is Bound and no pod crash-loops', () => {
    const r = readiness(list(deploy('api', 2, 2), { ...deploy('db', 1, 1), kind: 'StatefulSet' }, pvc('data', 'Bound'), pod('api-1')), 2);
    expect(r.state).toBe('ready');
    expect(r.state === 'ready' && r.checks.every((c) => c.ok)).toBe(true);
  });
  it('waits while replicas start or a PVC is Pending, and says which', () => {
    const r = readiness(list(deploy('api', 2, 1), pvc('data', 'Pending')), 1);
    expect(r).toMatchObject({ state: 'waiting', pvcsBound: false });
    expect(r.state === 'waiting' && r.detail).toBe('not ready: Deployment/api; not bound: data');
  });
  it('a workload without status reads as not ready, never as fine', () =>
    expect(readiness(list(deploy('api', 1, undefined)), 1).state).toBe('waiting'));
  it('fails on a pod in CrashLoopBackOff after repeated restarts, but not on its first', () => {
    expect(readiness(list(deploy('api', 1, 0), pod('api-1', 'CrashLoopBackOff', 1)), 1).state).toBe('waiting');
    const r = readiness(list(deploy('api', 1, 0), pod('api-1', 'CrashLoopBackOff', 5)), 1);
    expect(r).toMatchObject({ state: 'failed', reason: 'pods in CrashLoopBackOff: api-1' });
  });
  it('fails when fewer workloads came back than the recovery point holds', () =>
    expect(readiness(list(deploy('api', 1, 1)), 3)).toMatchObject({ state: 'failed', reason: '1 of 3 workloads restored' }));
});

describe('isolation: a restored volume must not be a source disk', () => {
  const source = list(pv('pv-src-1', '/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/SRC-1'));
  it('passes when every restored disk is new', () =>
    expect(
      isolationProblem(source, list(pv('pv-new', '/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/restored-1'))),
    ).toBeUndefined());
  it('catches a restored PV bound to the source disk (compared case-insensitively, CSI or in-tree)', () => {
    expect(
      isolationProblem(source, list(pv('pv-clone', '/subscriptions/s/resourcegroups/MC/providers/Microsoft.Compute/disks/src-1'))),
    ).toContain('bound to a source disk');
    expect(
      isolationProblem(source, list(pv('pv-tree', '/subscriptions/s/resourceGroups/mc/providers/Microsoft.Compute/disks/SRC-1', true))),
    ).toContain('pv-tree');
  });
  it('a restored PV naming no disk cannot prove isolation', () =>
    expect(isolationProblem(source, list(pv('pv-x', undefined)))).toContain('cannot be proven'));
});
