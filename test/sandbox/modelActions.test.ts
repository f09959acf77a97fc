import { describe, expect, it } from 'vitest';
import { jobView } from '../../sandbox/estate/model/jobViews.js';
import type { RestoreRequest } from '../../sandbox/estate/model/requests.js';
import { parseRestoreRequest, parseTriggerBackup, parseValidateRestore } from '../../sandbox/estate/model/requests.js';
import { ModelError, type EstateModel } from '../../sandbox/estate/services/index.js';
import { modelOf, onlyInstance, smallScenario } from './modelSupport.js';

const backup = (ruleName = 'BackupHourly', retentionTagOverride = 'Default') =>
  parseTriggerBackup({ backupRuleOptions: { ruleName, triggerOption: { objectType: 'AdhocBackupTriggerOption', retentionTagOverride } } });

function refusal(action: () => unknown): ModelError {
  try {
    action();
  } catch (error) {
    if (error instanceof ModelError) return error;
    throw error;
  }
  throw new Error('expected a ModelError');
}

function restoreBody(
  model: EstateModel,
  overrides: { rp?: string; target?: string; criteria?: Record<string, unknown> } = {},
): RestoreRequest {
  const instance = onlyInstance(model);
  const target = model.findCluster(overrides.target ?? 'aks2')!;
  return parseRestoreRequest({
    objectType: 'AzureBackupRecoveryPointBasedRestoreRequest',
    recoveryPointId: overrides.rp ?? model.recoveryPoints(instance)[0]!.id,
    sourceDataStoreType: 'OperationalStore',
    sourceResourceId: instance.cluster.id,
    restoreTargetInfo: {
      objectType: 'ItemLevelRestoreTargetInfo',
      recoveryOption: 'FailIfExists',
      restoreLocation: target.location,
      datasourceInfo: {
        objectType: 'Datasource',
        datasourceType: 'Microsoft.ContainerService/managedclusters',
        resourceID: target.id,
        resourceName: target.name,
      },
      restoreCriteria: [
        {
          objectType: 'KubernetesClusterRestoreCriteria',
          includeClusterScopeResources: false,
          includedNamespaces: ['shop'],
          namespaceMappings: { shop: 'shop-restored' },
          ...overrides.criteria,
        },
      ],
    },
  });
}

describe('on-demand backup', () => {
  it('runs for the job duration, then adds the newest recovery point; overlapping requests are refused', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const job = model.triggerAdhocBackup(instance, backup());
    expect(jobView(job, model.nowMs()).properties).toMatchObject({ status: 'InProgress', isUserTriggered: true, operation: 'Backup' });
    const busy = refusal(() => model.triggerAdhocBackup(instance, backup()));
    expect(busy).toMatchObject({ status: 400, code: 'UserErrorBackupOperationInProgress' });
    expect(busy.message).toContain(job.id);
    model.advance('PT6M');
    expect(jobView(job, model.nowMs()).properties).toMatchObject({ status: 'Completed' });
    expect(model.recoveryPoints(instance)[0]).toMatchObject({ time: job.start, job });
    expect(model.jobs(instance.vault)[0]).toBe(job);
  });

  it('validates the rule name and retention tag against the policy', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    expect(refusal(() => model.triggerAdhocBackup(instance, backup('BackupDaily')))).toMatchObject({
      status: 400,
      target: 'backupRuleOptions.ruleName',
    });
    expect(refusal(() => model.triggerAdhocBackup(instance, backup('BackupHourly', 'Weekly')))).toMatchObject({
      target: 'backupRuleOptions.triggerOption.retentionTagOverride',
    });
    expect(refusal(() => parseTriggerBackup({ backupRuleOptions: { triggerOption: {} } }))).toMatchObject({
      code: 'UserErrorInvalidRequestParameter',
      target: 'backupRuleOptions.ruleName',
    });
  });

  it('fails while the instance is failing and is refused while protection is suspended', () => {
    const failing = modelOf(
      smallScenario({ instance: { timeline: [{ from: '-PT1H', behaviour: 'failing', failureCode: 'UserErrorStillBroken' }] } }),
    );
    const job = failing.triggerAdhocBackup(onlyInstance(failing), backup());
    failing.advance('PT6M');
    expect(jobView(job, failing.nowMs()).properties).toMatchObject({ status: 'Failed', errorDetails: [{ code: 'UserErrorStillBroken' }] });

    const suspended = modelOf(smallScenario({ instance: { timeline: [{ from: '-PT1H', behaviour: 'suspended' }] } }));
    expect(refusal(() => suspended.triggerAdhocBackup(onlyInstance(suspended), backup()))).toMatchObject({
      status: 400,
      code: 'UserErrorInvalidProtectionState',
    });
  });

  it('allows ten on-demand backups per instance per UTC day', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    for (let i = 0; i < 10; i++) {
      model.triggerAdhocBackup(instance, backup());
      model.advance('PT7M');
    }
    expect(refusal(() => model.triggerAdhocBackup(instance, backup()))).toMatchObject({ code: 'UserErrorMaxAdhocBackupsPerDayExceeded' });
    model.advance('PT12H'); // next UTC day
    expect(model.triggerAdhocBackup(instance, backup()).kind).toBe('adhoc');
  });
});

describe('restore', () => {
  it('creates the mapped namespace on the target cluster when the restore job completes', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const job = model.triggerRestore(instance, restoreBody(model));
    expect(jobView(job, model.nowMs()).properties).toMatchObject({
      operation: 'Restore',
      operationCategory: 'Restore',
      status: 'InProgress',
      restoreType: 'AlternateLocation',
    });
    const target = model.findCluster('aks2')!;
    expect(model.runCommand(target, 'kubectl get ns shop-restored').exitCode).toBe(1);
    model.advance('PT10M');
    const ns = model.runCommand(target, 'kubectl get deployments -n shop-restored -o name');
    expect(ns).toMatchObject({ exitCode: 0, logs: 'deployment.apps/shop-api\ndeployment.apps/shop-web' });
    expect(jobView(job, model.nowMs()).properties).toMatchObject({ status: 'Completed', extendedInfo: { recoveryDestination: target.id } });
    // Restores never count as backups.
    expect(model.recoveryPoints(instance).some((p) => p.job === job)).toBe(false);
  });

  it('restores a namespace deleted after the recovery point was taken', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    const request = restoreBody(model, { target: 'aks1', criteria: { namespaceMappings: {} } });
    model.removeNamespace('aks1', 'shop');
    model.triggerRestore(instance, request);
    model.advance('PT10M');
    expect(model.runCommand(instance.cluster, 'kubectl get ns shop -o name')).toMatchObject({ exitCode: 0, logs: 'namespace/shop' });
  });

  it('refuses unknown recovery points, other regions and namespaces outside the point, naming the field', () => {
    const model = modelOf(smallScenario());
    const instance = onlyInstance(model);
    expect(refusal(() => model.triggerRestore(instance, restoreBody(model, { rp: 'nope' })))).toMatchObject({
      code: 'UserErrorRecoveryPointNotFound',
      target: 'recoveryPointId',
    });
    expect(refusal(() => model.triggerRestore(instance, restoreBody(model, { target: 'aks-far' })))).toMatchObject({
      code: 'UserErrorCrossRegionRestoreNotSupported',
      target: 'restoreTargetInfo.datasourceInfo.resourceID',
    });
    expect(
      refusal(() =>
        model.validateRestore(instance, restoreBody(model, { criteria: { includedNamespaces: ['kube-system'] } }), 'restoreRequestObject.'),
      ),
    ).toMatchObject({
      code: 'UserErrorNamespaceNotFoundInRecoveryPoint',
      target: 'restoreRequestObject.restoreTargetInfo.restoreCriteria[0].includedNamespaces',
    });
    expect(
      refusal(() => parseValidateRestore({ restoreRequestObject: { objectType: 'AzureBackupRecoveryPointBasedRestoreRequest' } })),
    ).toMatchObject({ target: 'restoreRequestObject.recoveryPointId' });
    expect(refusal(() => parseValidateRestore({}))).toMatchObject({ target: 'restoreRequestObject' });
  });
});

describe('sync and cluster commands', () => {
  it('repairs a protection error on sync unless the scenario says it sticks', () => {
    const fixable = modelOf(smallScenario({ instance: { timeline: [{ from: '-P1D', behaviour: 'protectionError' }] } }));
    const instance = onlyInstance(fixable);
    expect(fixable.protection(instance)).toMatchObject({
      currentProtectionState: 'ProtectionError',
      status: 'ConfiguringProtectionFailed',
      error: { code: 'UserErrorExtensionMSIMissingPermissionsOnStorageAccount' },
    });
    expect(fixable.syncInstance(instance)).toBe(true);
    expect(fixable.protection(instance).currentProtectionState).toBe('ProtectionConfigured');

    const sticky = modelOf(smallScenario({ instance: { timeline: [{ from: '-P1D', behaviour: 'protectionError', fixedBySync: false }] } }));
    expect(sticky.syncInstance(onlyInstance(sticky))).toBe(false);
    expect(sticky.protection(onlyInstance(sticky)).currentProtectionState).toBe('ProtectionError');
  });

  it('interprets kubectl get/create/delete like the real CLI', () => {
    const model = modelOf(smallScenario());
    const cluster = model.findCluster('aks1')!;
    const table = model.runCommand(cluster, 'kubectl get ns');
    expect(table.exitCode).toBe(0);
    expect(table.logs.split('\n')[0]).toMatch(/^NAME\s+STATUS\s+AGE$/);
    expect(table.logs).toMatch(/\nshop\s+Active\s+180d/);
    const json = JSON.parse(model.runCommand(cluster, 'kubectl get namespaces -o json').logs) as {
      kind: string;
      items: { metadata: { name: string } }[];
    };
    expect(json.kind).toBe('List');
    expect(json.items.map((i) => i.metadata.name)).toEqual([
      'default',
      'kube-system',
      'kube-public',
      'kube-node-lease',
      'dataprotection-microsoft',
      'shop',
      'web',
    ]);
    expect(model.runCommand(cluster, 'kubectl get pods -n shop').logs.split('\n')).toHaveLength(5);
    expect(model.runCommand(cluster, 'kubectl get pods -n nothing-here').logs).toBe('No resources found in nothing-here namespace.');

    expect(model.runCommand(cluster, 'kubectl create ns drill && kubectl get ns drill -o name')).toEqual(
      expect.objectContaining({ exitCode: 0, logs: 'namespace/drill created\nnamespace/drill' }),
    );
    expect(model.runCommand(cluster, 'kubectl create namespace drill')).toMatchObject({
      exitCode: 1,
      logs: 'Error from server (AlreadyExists): namespaces "drill" already exists',
    });
    expect(model.runCommand(cluster, 'kubectl delete ns drill --wait=false').logs).toBe('namespace "drill" deleted');
    expect(model.runCommand(cluster, 'kubectl get ns drill').logs).toMatch(/drill\s+Terminating/);
    model.advance(10 * 1000);
    expect(model.runCommand(cluster, 'kubectl get ns drill')).toMatchObject({
      exitCode: 1,
      logs: 'Error from server (NotFound): namespaces "drill" not found',
    });

    expect(model.runCommand(cluster, 'kubectl frobnicate')).toMatchObject({
      exitCode: 1,
      logs: 'error: unknown command "frobnicate" for "kubectl"',
    });
    expect(model.runCommand(cluster, 'kubectl get pods --bogus').exitCode).toBe(1);
    expect(model.runCommand(cluster, 'helm list').exitCode).toBe(1);
    expect(model.runCommand(cluster, 'kubectl get all -n shop').logs).toContain('replicaset.apps/shop-api-');
  });
});
