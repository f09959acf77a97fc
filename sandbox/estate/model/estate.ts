// The estate model: lookups, derived history and runtime mutations over the resolved scenario, all read off one
// simulated clock. Pure TypeScript (no HTTP): route modules and in-process tests use the same object.
import { adhocBackup, restoreJob, syncInstance } from './actions.js';
import { behaviourAt, protectionAt, setBehaviourFrom, type ProtectionView } from './behaviour.js';
import { buildEstate, type EstateData, type EstateSettings } from './build.js';
import { SimClock, defaultStart } from './clock.js';
import { createNamespace, deleteNamespace } from './cluster.js';
import { ModelError } from './errors.js';
import { History, JOB_HISTORY_MS, type RecoveryPointRecord } from './history.js';
import { runCommandLine, type CommandOutcome } from './kubectl.js';
import type { RestoreRequest, TriggerBackupRequest } from './requests.js';
import { applyRestore, planRestore } from './restore.js';
import type { Behaviour, NamespaceSpec, Scenario } from './scenario.js';
import { isoSeconds } from './time.js';
import { seesNothing, setBlindness, type BlindnessSpec, type EstateWording, type GraphBlindness } from './wording.js';
import type {
  ClusterState,
  InstanceState,
  JobRecord,
  NamespaceState,
  PolicyState,
  SubscriptionState,
  TimelineEntry,
  VaultState,
} from './types.js';

export interface EstateModelOptions {
  /** Clock start; default: the scenario's `start`, else wall-clock now truncated to the second. */
  readonly startAt?: Date;
  /** Keep the clock still unless advanced (tests asserting exact instants). Default false. */
  readonly frozen?: boolean;
}

export type BehaviourChange = Omit<TimelineEntry, 'from' | 'behaviour'> & { readonly from?: Date };

const byName = <T extends { name: string }>(a: T, b: T): number => a.name.localeCompare(b.name);
const eq = (a: string, b: string): boolean => a.toLowerCase() === b.toLowerCase();

export class EstateModel {
  readonly clock: SimClock;
  readonly tenantId: string;
  readonly subscriptions: readonly SubscriptionState[];
  readonly settings: EstateSettings;
  readonly history = new History();
  /** How DataProtection and Resource Graph word job status and protection (the spec's variants); runtime knob. */
  readonly wording: EstateWording;
  /** What Resource Graph cannot see (an unreadable subscription, an index that lags); runtime knob. */
  readonly graphBlindness: GraphBlindness = seesNothing();
  private readonly data: EstateData;
  /** Restore jobs whose effect on the target cluster is still to be applied. */
  private pendingRestores: JobRecord[] = [];

  constructor(
    readonly scenario: Scenario,
    options: EstateModelOptions = {},
  ) {
    const startAt = options.startAt ?? (scenario.start !== undefined ? new Date(scenario.start) : defaultStart());
    this.clock = new SimClock({ startAt, frozen: options.frozen ?? false });
    this.data = buildEstate(scenario, startAt.getTime());
    this.tenantId = this.data.tenantId;
    this.subscriptions = this.data.subscriptions;
    this.settings = this.data.settings;
    this.wording = { ...scenario.wording };
  }

  nowMs(): number {
    return this.clock.nowMs();
  }

  // ---- lookups (ARM names compare case-insensitively) ----

  subscription(id: string): SubscriptionState | undefined {
    return this.subscriptions.find((s) => eq(s.id, id));
  }

  resourceGroupExists(subscriptionId: string, resourceGroup: string): boolean {
    const inGroup = (r: { subscriptionId: string; resourceGroup: string }): boolean =>
      eq(r.subscriptionId, subscriptionId) && eq(r.resourceGroup, resourceGroup);
    return [...this.data.vaults.values()].some(inGroup) || [...this.data.clusters.values()].some(inGroup);
  }

  vaults(subscriptionId?: string, resourceGroup?: string): VaultState[] {
    return [...this.data.vaults.values()]
      .filter(
        (v) =>
          (subscriptionId === undefined || eq(v.subscriptionId, subscriptionId)) &&
          (resourceGroup === undefined || eq(v.resourceGroup, resourceGroup)),
      )
      .sort(byName);
  }

  vault(subscriptionId: string, resourceGroup: string, name: string): VaultState | undefined {
    return this.vaults(subscriptionId, resourceGroup).find((v) => eq(v.name, name));
  }

  /** Instances that exist now (one whose createdAt is still ahead has not been configured yet). */
  instances(vault?: VaultState): InstanceState[] {
    const now = this.nowMs();
    const all = vault ? [...vault.instances.values()] : [...this.data.instances.values()];
    return all.filter((i) => i.createdAt <= now).sort(byName);
  }

  instance(vault: VaultState, name: string): InstanceState | undefined {
    const found = vault.instances.get(name.toLowerCase());
    return found && found.createdAt <= this.nowMs() ? found : undefined;
  }

  /** By ARM id, or by name when that name is unique across vaults. */
  findInstance(idOrName: string): InstanceState | undefined {
    const byId = this.data.instances.get(idOrName.toLowerCase());
    if (byId) return byId;
    const matches = [...this.data.instances.values()].filter((i) => eq(i.name, idOrName));
    if (matches.length > 1)
      throw new ModelError(409, 'AmbiguousInstanceName', `'${idOrName}' names ${matches.length} instances; use the ARM id.`);
    return matches[0];
  }

  policies(vault: VaultState): PolicyState[] {
    return [...vault.policies.values()].sort(byName);
  }

  clusters(subscriptionId?: string, resourceGroup?: string): ClusterState[] {
    return [...this.data.clusters.values()]
      .filter(
        (c) =>
          (subscriptionId === undefined || eq(c.subscriptionId, subscriptionId)) &&
          (resourceGroup === undefined || eq(c.resourceGroup, resourceGroup)),
      )
      .sort(byName);
  }

  clusterById(id: string): ClusterState | undefined {
    this.settle();
    return this.data.clusters.get(id.toLowerCase().replace(/\/+$/, ''));
  }

  /** By ARM id or by (unique) name. */
  findCluster(idOrName: string): ClusterState | undefined {
    return this.clusterById(idOrName) ?? [...this.data.clusters.values()].find((c) => eq(c.name, idOrName));
  }

  instancesOfCluster(cluster: ClusterState): InstanceState[] {
    return this.instances().filter((i) => i.cluster === cluster);
  }

  // ---- derived state ----

  behaviour(instance: InstanceState): Behaviour {
    return behaviourAt(instance, this.nowMs());
  }

  protection(instance: InstanceState): ProtectionView {
    return protectionAt(instance, this.nowMs());
  }

  /** Jobs of a vault started in the last 30 days, newest first. */
  jobs(vault: VaultState): JobRecord[] {
    const now = this.nowMs();
    return this.instances(vault)
      .flatMap((i) => this.history.jobs(i, now))
      .filter((j) => j.start > now - JOB_HISTORY_MS)
      .sort((a, b) => b.start - a.start || a.id.localeCompare(b.id));
  }

  job(vault: VaultState, jobId: string): JobRecord | undefined {
    const id = jobId.split('/').pop() ?? jobId;
    return this.jobs(vault).find((j) => eq(j.id, id));
  }

  recoveryPoints(instance: InstanceState): RecoveryPointRecord[] {
    return this.history.recoveryPoints(instance, this.nowMs());
  }

  // ---- mutations ----

  setWording(change: Partial<EstateWording>): EstateWording {
    Object.assign(this.wording, change);
    return this.wording;
  }

  /** What Resource Graph leaves out from now on (replaces the previous setting; `{}` shows everything). */
  setGraphBlindness(spec: BlindnessSpec): GraphBlindness {
    setBlindness(this.graphBlindness, spec, {
      subscription: (ref) => (this.subscription(ref) ?? this.subscriptions.find((s) => s.name === ref))?.id,
      vault: (ref) => {
        const byId = this.data.vaults.get(ref.toLowerCase().replace(/\/+$/, ''));
        if (byId) return byId.id;
        const named = [...this.data.vaults.values()].filter((v) => eq(v.name, ref));
        if (named.length > 1) throw new ModelError(409, 'AmbiguousVaultName', `'${ref}' names ${named.length} vaults; use the ARM id.`);
        return named[0]?.id;
      },
    });
    return this.graphBlindness;
  }

  advance(by: number | string): Date {
    const now = this.clock.advance(by);
    this.settle();
    return now;
  }

  setBehaviour(instanceIdOrName: string, behaviour: Behaviour, change: BehaviourChange = {}): InstanceState {
    const instance = this.findInstance(instanceIdOrName);
    if (!instance) throw new ModelError(404, 'ResourceNotFound', `No backup instance '${instanceIdOrName}'.`);
    const { from, ...rest } = change;
    setBehaviourFrom(instance, { ...rest, behaviour, from: from?.getTime() ?? this.nowMs() });
    return instance;
  }

  addNamespace(clusterIdOrName: string, spec: Pick<NamespaceSpec, 'name'> & Partial<NamespaceSpec>): NamespaceState {
    return createNamespace(this.requireCluster(clusterIdOrName), spec.name, this.nowMs(), spec);
  }

  removeNamespace(clusterIdOrName: string, name: string): NamespaceState {
    return deleteNamespace(this.requireCluster(clusterIdOrName), name, this.nowMs());
  }

  triggerAdhocBackup(instance: InstanceState, request: TriggerBackupRequest): JobRecord {
    return adhocBackup(this.history, instance, request, this.nowMs());
  }

  /** Throws the 400 a restore with this request would get; returns silently when it would be accepted. */
  validateRestore(instance: InstanceState, request: RestoreRequest, fieldPrefix = ''): void {
    planRestore(instance, request, this.recoveryPoints(instance), (id) => this.clusterById(id), fieldPrefix);
  }

  triggerRestore(instance: InstanceState, request: RestoreRequest): JobRecord {
    const plan = planRestore(instance, request, this.recoveryPoints(instance), (id) => this.clusterById(id));
    const job = restoreJob(instance, plan, this.nowMs(), this.settings.restoreDurationMs);
    this.pendingRestores.push(job);
    return job;
  }

  syncInstance(instance: InstanceState): boolean {
    return syncInstance(instance, this.nowMs());
  }

  runCommand(cluster: ClusterState, command: string): CommandOutcome & { startedAt: string; finishedAt: string } {
    this.settle();
    const now = this.nowMs();
    return { ...runCommandLine(cluster, command, now), startedAt: isoSeconds(now), finishedAt: isoSeconds(now + 1000) };
  }

  /** Applies the cluster-side effects of restores whose jobs have ended (lazily, in end order). */
  settle(): void {
    const now = this.clock.nowMs();
    const due = this.pendingRestores.filter((j) => j.end <= now).sort((a, b) => a.end - b.end);
    if (due.length === 0) return;
    this.pendingRestores = this.pendingRestores.filter((j) => j.end > now);
    for (const job of due) applyRestore(job, (id) => this.data.clusters.get(id.toLowerCase()));
  }

  private requireCluster(idOrName: string): ClusterState {
    const cluster = this.findCluster(idOrName);
    if (!cluster) throw new ModelError(404, 'ResourceNotFound', `No cluster '${idOrName}'.`);
    return cluster;
  }
}
