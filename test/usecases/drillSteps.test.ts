// The drill's steps on in-memory implementations of its own ports (the real adapters have contract tests:
// test/contract/clusterCommands.test.ts, drillRestores.test.ts, drillRun.test.ts): what each failure becomes.
import { describe, expect, it } from 'vitest';
import { DRILL_LABEL } from '../../shared/domain/drill/names.js';
import { newDrill, type DrillRecord } from '../../shared/domain/drill/record.js';
import {
  RestoreRefusedError,
  type ClusterCommands,
  type CommandResult,
  type DrillFacts,
  type DrillRestoreJob,
  type DrillRestores,
} from '../../shared/usecases/drill/drillPorts.js';
import { DrillSteps } from '../../shared/usecases/drill/drillSteps.js';

const now = new Date('2026-12-05T01:00:00Z');

/** A cluster of namespaces answering the few kubectl lines the drill uses; records every command. */
class FakeCluster implements ClusterCommands {
  readonly namespaces = new Map<string, { labels: Record<string, string>; terminating: boolean }>();
  readonly commands: string[] = [];
  fail?: string;
  run(_id: string, command: string): Promise<CommandResult> {
    this.commands.push(command);
    if (this.fail) return Promise.reject(new Error(this.fail));
    const get = /^kubectl get ns (\S+) -o json --ignore-not-found$/.exec(command);
    if (get) {
      const ns = this.namespaces.get(get[1] ?? '');
      const logs = ns
        ? JSON.stringify({
            kind: 'Namespace',
            metadata: { name: get[1], labels: ns.labels },
            status: { phase: ns.terminating ? 'Terminating' : 'Active' },
          })
        : '';
      return Promise.resolve({ exitCode: 0, logs, truncated: false });
    }
    const create = /^kubectl create ns (\S+) && kubectl label ns \S+ (\S+)=(\S+)$/.exec(command);
    if (create) {
      this.namespaces.set(create[1] ?? '', { labels: { [create[2] ?? '']: create[3] ?? '' }, terminating: false });
      return Promise.resolve({ exitCode: 0, logs: 'created', truncated: false });
    }
    const del = /^kubectl delete ns (\S+) --wait=false$/.exec(command);
    if (del) {
      const ns = this.namespaces.get(del[1] ?? '');
      if (ns) ns.terminating = true;
      return Promise.resolve({ exitCode: 0, logs: 'deleted', truncated: false });
    }
    return Promise.resolve({ exitCode: 0, logs: 'No resources found in shop namespace.', truncated: false });
  }
}

const facts: DrillFacts = {
  plan: () =>
    Promise.resolve({
      recoveryPointId: 'rp-1',
      dataStore: 'OperationalStore',
      namespaces: ['shop'],
      cluster: { id: '/k1', name: 'k1', location: 'westeurope' },
    }),
};
function restores(over: Partial<DrillRestores> = {}): DrillRestores {
  const job: DrillRestoreJob = { id: '/v/backupJobs/j1', status: 'Completed', startTime: now, endTime: now, errorCode: undefined };
  return {
    validate: () => Promise.resolve(),
    trigger: () => Promise.resolve(job.id),
    restoreJobsSince: () => Promise.resolve([]),
    job: () => Promise.resolve(job),
    ...over,
  };
}
const planned = (): DrillRecord => ({
  ...newDrill({ id: 'd1', instanceId: '/bi/shop', clusterId: '/k1', period: '2026-12', trigger: 'schedule', rtoTargetMs: null }, now),
  stage: 'preparing',
  recoveryPointId: 'rp-1',
  restore: { dataStore: 'OperationalStore', clusterName: 'k1', location: 'westeurope' },
  namespaces: [{ source: 'shop', target: 'validation-shop-d1' }],
});
const steps = (cluster: FakeCluster, r = restores()): DrillSteps => new DrillSteps({ facts, restores: r, cluster, now: () => now });

describe('drill steps', () => {
  it('plans the validation namespaces from the recovery point’s namespaces', async () => {
    const r = newDrill(
      { id: 'd1', instanceId: '/bi/shop', clusterId: '/k1', period: '2026-12', trigger: 'schedule', rtoTargetMs: null },
      now,
    );
    expect(await steps(new FakeCluster()).execute(r, { kind: 'plan' })).toMatchObject({
      kind: 'planned',
      namespaces: [{ source: 'shop', target: 'validation-shop-d1' }],
      expectedWorkloads: 0,
    });
  });
  it('creates and labels its namespace once; after a crash it finds it and does not create it again', async () => {
    const cluster = new FakeCluster();
    expect(await steps(cluster).execute(planned(), { kind: 'create-namespaces' })).toEqual({ kind: 'namespaces-created' });
    expect(cluster.namespaces.get('validation-shop-d1')?.labels).toEqual({ [DRILL_LABEL]: 'd1' });
    await steps(cluster).execute(planned(), { kind: 'create-namespaces' });
    expect(cluster.commands.filter((c) => c.startsWith('kubectl create'))).toHaveLength(1);
  });
  it('never adopts a namespace of the same name that is not its own', async () => {
    const cluster = new FakeCluster();
    cluster.namespaces.set('validation-shop-d1', { labels: {}, terminating: false });
    expect(await steps(cluster).execute(planned(), { kind: 'create-namespaces' })).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('not this drill') as string,
    });
  });
  it('deletes only a namespace whose label, read back, is its own; a foreign one is a guard failure', async () => {
    const cluster = new FakeCluster();
    cluster.namespaces.set('validation-shop-d1', { labels: { [DRILL_LABEL]: 'someone-else' }, terminating: false });
    const r = { ...planned(), stage: 'cleaning' as const };
    expect(await steps(cluster).execute(r, { kind: 'delete-namespaces' })).toMatchObject({
      kind: 'failed',
      reason: expect.stringContaining('safety guard') as string,
    });
    expect(cluster.commands.some((c) => c.startsWith('kubectl delete'))).toBe(false);
    cluster.namespaces.set('validation-shop-d1', { labels: { [DRILL_LABEL]: 'd1' }, terminating: false });
    expect(await steps(cluster).execute(r, { kind: 'delete-namespaces' })).toMatchObject({ kind: 'still-terminating' });
    cluster.namespaces.delete('validation-shop-d1');
    expect(await steps(cluster).execute(r, { kind: 'delete-namespaces' })).toEqual({ kind: 'namespaces-gone' });
  });
  it('Azure refusing the restore fails the stage with its code; an outage is transient', async () => {
    const refusing = restores({ validate: () => Promise.reject(new RestoreRefusedError('UserErrorRestoreNotAllowed', 'no')) });
    expect(await steps(new FakeCluster(), refusing).execute(planned(), { kind: 'validate' })).toEqual({
      kind: 'failed',
      reason: 'UserErrorRestoreNotAllowed: no',
    });
    const down = new FakeCluster();
    down.fail = 'connect ECONNREFUSED';
    expect(await steps(down).execute(planned(), { kind: 'create-namespaces' })).toEqual({
      kind: 'transient',
      error: 'connect ECONNREFUSED',
    });
  });
  it('reads the restore job in Azure’s words: Succeeded and Completed end it, Failed fails with the code, Started runs', async () => {
    const withStatus = (status: string, errorCode?: string) =>
      restores({ job: () => Promise.resolve({ id: 'j', status, startTime: now, endTime: now, errorCode }) });
    const poll = { kind: 'poll-restore-job', jobId: 'j' } as const;
    expect((await steps(new FakeCluster(), withStatus('Succeeded')).execute(planned(), poll)).kind).toBe('job-succeeded');
    expect((await steps(new FakeCluster(), withStatus('Completed')).execute(planned(), poll)).kind).toBe('job-succeeded');
    expect((await steps(new FakeCluster(), withStatus('Started')).execute(planned(), poll)).kind).toBe('job-running');
    expect(await steps(new FakeCluster(), withStatus('Failed', 'UserErrorPVCNotBound')).execute(planned(), poll)).toEqual({
      kind: 'failed',
      reason: 'restore job Failed: UserErrorPVCNotBound',
    });
  });
  it('finds a drill’s restore job after a crash, looking a minute before the intent', async () => {
    let since: Date | undefined;
    const finder = restores({
      restoreJobsSince: (_i, s) => (
        (since = s),
        Promise.resolve([{ id: 'j9', status: 'InProgress', startTime: now, endTime: undefined, errorCode: undefined }])
      ),
    });
    expect(await steps(new FakeCluster(), finder).execute(planned(), { kind: 'find-restore-job', since: now.toISOString() })).toEqual({
      kind: 'job-found',
      jobId: 'j9',
      startedAt: now,
    });
    expect(since?.getTime()).toBe(now.getTime() - 60_000);
  });
});
