// Carries out one action of a drill and says what happened, for applyOutcome to fold in. Every cluster write passes
// the safety guard first; a refusal there is a bug, so the drill fails at that stage instead of retrying. Azure's
// refusals fail the stage; anything else (throttling, 5xx, timeouts, a dead connection) is transient and counted.
import { jobPhase } from '../../domain/azureWords.js';
import type { DrillOutcome } from '../../domain/drill/apply.js';
import { guardMutation, type DrillScope, type Mutation } from '../../domain/drill/guard.js';
import { parseKubeList, type KubeItem } from '../../domain/drill/kube.js';
import { DRILL_LABEL, validationNamespace } from '../../domain/drill/names.js';
import type { DrillRecord } from '../../domain/drill/record.js';
import { drillRestoreRequest } from '../../domain/drill/request.js';
import type { DrillAction } from '../../domain/drill/transition.js';
import { isolationProblem, readiness } from '../../domain/drill/verify.js';
import { RestoreRefusedError, type ClusterCommands, type DrillFacts, type DrillRestores } from './drillPorts.js';

export interface DrillStepDeps {
  readonly facts: DrillFacts;
  readonly restores: DrillRestores;
  readonly cluster: ClusterCommands;
  readonly now: () => Date;
}

/** A guard refusal: never retried, the drill fails where it stands. */
class GuardRefusal extends Error {}

export class DrillSteps {
  constructor(private readonly deps: DrillStepDeps) {}

  async execute(r: DrillRecord, action: DrillAction): Promise<DrillOutcome> {
    try {
      return await this.step(r, action);
    } catch (e) {
      if (e instanceof RestoreRefusedError) return { kind: 'failed', reason: `${e.code ?? 'refused'}: ${e.message}` };
      if (e instanceof GuardRefusal) return { kind: 'failed', reason: `safety guard: ${e.message}` };
      return { kind: 'transient', error: (e as Error).message };
    }
  }

  private async step(r: DrillRecord, a: DrillAction): Promise<DrillOutcome> {
    switch (a.kind) {
      case 'plan':
        return this.plan(r);
      case 'validate':
        await this.deps.restores.validate(r.instanceId, this.request(r));
        return { kind: 'validated' };
      case 'create-namespaces':
        return this.createNamespaces(r);
      case 'record-intent':
        return { kind: 'intent-recorded' };
      case 'trigger-restore':
        return { kind: 'restore-triggered', jobId: await this.deps.restores.trigger(r.instanceId, this.request(r)) };
      case 'find-restore-job': {
        // A minute of slack: Azure stamps the job's start on its own clock.
        const jobs = await this.deps.restores.restoreJobsSince(r.instanceId, new Date(Date.parse(a.since) - 60_000));
        const job = jobs[0];
        return job ? { kind: 'job-found', jobId: job.id, startedAt: job.startTime } : { kind: 'job-not-found' };
      }
      case 'poll-restore-job': {
        const job = await this.deps.restores.job(a.jobId);
        if (!job) return { kind: 'transient', error: `restore job ${a.jobId} not readable` };
        const phase = jobPhase(job.status);
        if (phase === 'succeeded' || phase === 'succeeded-with-warnings') return { kind: 'job-succeeded', endedAt: job.endTime };
        if (phase === 'failed' || phase === 'cancelled')
          return { kind: 'failed', reason: `restore job ${job.status}${job.errorCode ? `: ${job.errorCode}` : ''}` };
        return { kind: 'job-running' };
      }
      case 'verify':
        return this.verify(r);
      case 'delete-namespaces':
        return this.deleteNamespaces(r);
      case 'time-out':
        return { kind: 'failed', reason: a.reason };
      case 'none':
        return { kind: 'transient', error: 'nothing to do' };
    }
  }

  private async plan(r: DrillRecord): Promise<DrillOutcome> {
    const facts = await this.deps.facts.plan(r.instanceId);
    if ('unavailable' in facts) return { kind: 'failed', reason: facts.unavailable };
    if (facts.namespaces.length === 0) return { kind: 'failed', reason: 'the recovery point holds no namespace to restore' };
    let workloads = 0;
    for (const ns of facts.namespaces) workloads += (await this.kube(r.clusterId, `kubectl get deployments -n ${ns} -o json`)).length;
    return {
      kind: 'planned',
      recoveryPointId: facts.recoveryPointId,
      namespaces: facts.namespaces.map((source) => ({ source, target: validationNamespace(source, r.id) })),
      restore: { dataStore: facts.dataStore, clusterName: facts.cluster.name, location: facts.cluster.location },
      expectedWorkloads: workloads,
    };
  }

  private request(r: DrillRecord): object {
    if (!r.recoveryPointId || !r.restore) throw new GuardRefusal('the drill has no plan to restore from');
    const built = drillRestoreRequest(
      this.scope(r),
      { clusterId: r.clusterId, recoveryPointId: r.recoveryPointId, dataStore: r.restore.dataStore },
      { clusterId: r.clusterId, clusterName: r.restore.clusterName, location: r.restore.location },
    );
    if ('refused' in built) throw new GuardRefusal(built.refused);
    return built.request;
  }

  private async createNamespaces(r: DrillRecord): Promise<DrillOutcome> {
    for (const { target } of r.namespaces) {
      this.guard(r, { kind: 'create-namespace', name: target, labels: { [DRILL_LABEL]: r.id } });
      const existing = await this.namespace(r.clusterId, target);
      // After a crash the namespace may be ours already; anyone else's, whatever its name, is never adopted.
      if (existing && existing.labels?.[DRILL_LABEL] !== r.id)
        return { kind: 'failed', reason: `namespace ${target} exists and is not this drill's` };
      if (existing) continue;
      await this.command(r.clusterId, `kubectl create ns ${target} && kubectl label ns ${target} ${DRILL_LABEL}=${r.id}`);
    }
    return { kind: 'namespaces-created' };
  }

  private async verify(r: DrillRecord): Promise<DrillOutcome> {
    const pvs = await this.kube(r.clusterId, 'kubectl get pv -o json');
    const claimNs = (pv: KubeItem): string | undefined =>
      (pv.raw.spec as { claimRef?: { namespace?: string } } | undefined)?.claimRef?.namespace;
    const sources = new Set(r.namespaces.map((n) => n.source));
    const targets = new Set(r.namespaces.map((n) => n.target));
    const problem = isolationProblem(
      pvs.filter((pv) => sources.has(claimNs(pv) ?? '')),
      pvs.filter((pv) => targets.has(claimNs(pv) ?? '')),
    );
    if (problem) return { kind: 'failed', reason: `isolation not proven: ${problem}` };
    const items: KubeItem[] = [];
    for (const { target } of r.namespaces) {
      for (const kind of ['deployments', 'pvc', 'pods'])
        items.push(...(await this.kube(r.clusterId, `kubectl get ${kind} -n ${target} -o json`)));
    }
    const state = readiness(items, r.expectedWorkloads ?? 0);
    const now = this.deps.now();
    if (state.state === 'ready') return { kind: 'verified', checks: state.checks, pvcsBoundAt: now, podsReadyAt: now };
    if (state.state === 'waiting') return { kind: 'not-ready', detail: state.detail };
    return { kind: 'failed', reason: state.reason, checks: state.checks };
  }

  private async deleteNamespaces(r: DrillRecord): Promise<DrillOutcome> {
    const left: string[] = [];
    for (const { target } of r.namespaces) {
      const ns = await this.namespace(r.clusterId, target);
      if (!ns) continue;
      left.push(target);
      if (ns.terminating) continue;
      // The label as read back now, never as remembered: a namespace someone else made is never deleted.
      this.guard(r, { kind: 'delete-namespace', name: target, labels: ns.labels });
      await this.command(r.clusterId, `kubectl delete ns ${target} --wait=false`);
    }
    return left.length === 0 ? { kind: 'namespaces-gone' } : { kind: 'still-terminating', detail: `${left.join(', ')} still present` };
  }

  private scope(r: DrillRecord): DrillScope {
    return { drillId: r.id, namespaces: r.namespaces };
  }

  private guard(r: DrillRecord, m: Mutation): void {
    const verdict = guardMutation(this.scope(r), m);
    if (!verdict.allowed) throw new GuardRefusal(verdict.rule);
  }

  private async namespace(
    clusterId: string,
    name: string,
  ): Promise<{ labels: Readonly<Record<string, string>> | undefined; terminating: boolean } | undefined> {
    const result = await this.deps.cluster.run(clusterId, `kubectl get ns ${name} -o json --ignore-not-found`);
    if (result.exitCode !== 0) throw new Error(`kubectl get ns ${name}: ${result.logs.slice(0, 300)}`);
    if (result.logs.trim() === '') return undefined;
    const [item] = parseKubeList(result.logs) ?? [];
    if (!item) throw new Error(`kubectl get ns ${name}: output is not kubectl JSON`);
    const meta = item.raw.metadata as { labels?: Record<string, string>; deletionTimestamp?: string } | undefined;
    const phase = (item.raw.status as { phase?: string } | undefined)?.phase;
    return { labels: meta?.labels, terminating: phase === 'Terminating' || meta?.deletionTimestamp !== undefined };
  }

  private async kube(clusterId: string, command: string): Promise<KubeItem[]> {
    const result = await this.command(clusterId, command);
    if (/^No resources found/.test(result.trim())) return [];
    const items = parseKubeList(result);
    if (!items) throw new Error(`${command}: output is not kubectl JSON`);
    return items;
  }

  private async command(clusterId: string, command: string): Promise<string> {
    const result = await this.deps.cluster.run(clusterId, command);
    if (result.exitCode !== 0) throw new Error(`${command}: exit ${result.exitCode}: ${result.logs.slice(0, 300)}`);
    if (result.truncated) throw new Error(`${command}: output over the run-command limit`);
    return result.logs;
  }
}
