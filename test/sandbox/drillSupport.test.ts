// What the estate's AKS gives a restore drill: namespaces it creates and labels, a restore (from the drill's own
// request builder) that fills the namespace it created, and PersistentVolumes whose disks show isolation.
import { describe, expect, it } from 'vitest';
import { parseRestoreRequest } from '../../sandbox/estate/model/requests.js';
import { parseKubeList } from '../../shared/domain/drill/kube.js';
import { drillRestoreRequest } from '../../shared/domain/drill/request.js';
import { isolationProblem } from '../../shared/domain/drill/verify.js';
import { modelOf, onlyInstance, smallScenario } from './modelSupport.js';

describe('the estate for restore drills', () => {
  it('labels a namespace; a key already set needs --overwrite', () => {
    const model = modelOf(smallScenario());
    const aks = model.findCluster('aks1')!;
    expect(
      model.runCommand(aks, 'kubectl create ns validation-shop-d1 && kubectl label ns validation-shop-d1 autopilot.drill=d1'),
    ).toMatchObject({
      exitCode: 0,
      logs: 'namespace/validation-shop-d1 created\nnamespace/validation-shop-d1 labeled',
    });
    expect(model.runCommand(aks, 'kubectl label ns validation-shop-d1 autopilot.drill=d2')).toMatchObject({
      exitCode: 1,
      logs: expect.stringContaining('--overwrite') as string,
    });
    expect(model.runCommand(aks, 'kubectl label ns validation-shop-d1 autopilot.drill=d2 --overwrite').exitCode).toBe(0);
    const [ns] = parseKubeList(model.runCommand(aks, 'kubectl get ns validation-shop-d1 -o json').logs) ?? [];
    expect((ns?.raw.metadata as { labels: Record<string, string> }).labels['autopilot.drill']).toBe('d2');
    expect(model.runCommand(aks, 'kubectl label ns nope a=b')).toMatchObject({
      exitCode: 1,
      logs: expect.stringContaining('NotFound') as string,
    });
  });

  it('a drill restore fills the empty validation namespace it created, with new disks for its volumes', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const aks = model.findCluster('aks1')!;
    const sourcePvs = parseKubeList(model.runCommand(aks, 'kubectl get pv -o json').logs) ?? [];
    expect(sourcePvs).toHaveLength(1);
    model.runCommand(aks, 'kubectl create ns validation-shop-d1 && kubectl label ns validation-shop-d1 autopilot.drill=d1');
    const built = drillRestoreRequest(
      { drillId: 'd1', namespaces: [{ source: 'shop', target: 'validation-shop-d1' }] },
      { clusterId: aks.id, recoveryPointId: model.recoveryPoints(instance)[0]!.id, dataStore: 'OperationalStore' },
      { clusterId: aks.id, clusterName: aks.name, location: aks.location },
    );
    if ('refused' in built) throw new Error(built.refused);
    model.triggerRestore(instance, parseRestoreRequest(built.request));
    model.advance('PT10M');
    expect(model.runCommand(aks, 'kubectl get deployments -n validation-shop-d1 -o name').logs).toBe(
      'deployment.apps/shop-api\ndeployment.apps/shop-web',
    );
    const all = parseKubeList(model.runCommand(aks, 'kubectl get pv -o json').logs) ?? [];
    const restored = all.filter((pv) => (pv.raw.spec as { claimRef: { namespace: string } }).claimRef.namespace === 'validation-shop-d1');
    expect(restored).toHaveLength(1);
    expect(isolationProblem(sourcePvs, restored)).toBeUndefined();
    // The label the drill set survives the restore: cleanup can still prove ownership.
    const [ns] = parseKubeList(model.runCommand(aks, 'kubectl get ns validation-shop-d1 -o json').logs) ?? [];
    expect((ns?.raw.metadata as { labels: Record<string, string> }).labels['autopilot.drill']).toBe('d1');
  });
});
