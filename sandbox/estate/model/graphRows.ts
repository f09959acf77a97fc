// Azure Resource Graph's view of the estate: `Resources` (clusters and vaults) and `RecoveryServicesResources`
// (backup policies, backup instances and the last 30 days of jobs). Properties are the same objects the REST API
// returns, worded the same way; type and resourceGroup are lower-cased, as ARG stores them. Like ARG, it leaves out
// what the caller may not read (policies marked unreadable) and what the blindness knob hides (model/wording.ts).
import { clusterView, instanceView, policyView, vaultView } from './armViews.js';
import type { EstateModel } from './estate.js';
import { jobStatusAt, jobView } from './jobViews.js';
import type { JobRecord } from './types.js';
import { graphSees } from './wording.js';

type KqlType = 'string' | 'dynamic';
export const GRAPH_COLUMNS: Readonly<Record<string, KqlType>> = {
  id: 'string',
  name: 'string',
  type: 'string',
  tenantId: 'string',
  kind: 'string',
  location: 'string',
  resourceGroup: 'string',
  subscriptionId: 'string',
  managedBy: 'string',
  sku: 'dynamic',
  plan: 'dynamic',
  properties: 'dynamic',
  tags: 'dynamic',
  identity: 'dynamic',
  zones: 'dynamic',
  extendedLocation: 'dynamic',
};

type Row = Record<string, unknown>;

function row(model: EstateModel, arm: Row, scope: { subscriptionId: string; resourceGroup: string; location: string }): Row {
  return {
    id: arm.id,
    name: arm.name,
    type: String(arm.type).toLowerCase(),
    tenantId: model.tenantId,
    kind: '',
    location: scope.location.toLowerCase(),
    resourceGroup: scope.resourceGroup.toLowerCase(),
    subscriptionId: scope.subscriptionId,
    managedBy: '',
    sku: arm.sku ?? null,
    plan: null,
    properties: arm.properties ?? {},
    tags: arm.tags ?? {},
    identity: arm.identity ?? null,
    zones: null,
    extendedLocation: null,
  };
}

/** `wanted` holds lower-case subscription ids; undefined means every subscription in the tenant. */
const inScope = (wanted: ReadonlySet<string> | undefined, subscriptionId: string): boolean =>
  wanted === undefined || wanted.has(subscriptionId.toLowerCase());

export function* resourcesRows(model: EstateModel, wanted?: ReadonlySet<string>): Generator<Row> {
  const blind = model.graphBlindness;
  for (const cluster of model.clusters()) {
    if (inScope(wanted, cluster.subscriptionId) && graphSees(blind, cluster.subscriptionId))
      yield row(model, clusterView(cluster, model.tenantId), cluster);
  }
  for (const vault of model.vaults()) {
    if (inScope(wanted, vault.subscriptionId) && graphSees(blind, vault.subscriptionId, vault.id))
      yield row(model, vaultView(vault, model.tenantId), vault);
  }
}

/**
 * Rows of finished jobs never change, so each is built once: a fleet holds far more jobs than anything else, and
 * rebuilding ~150,000 job views per query would make the simulator, not the client, the cost of every query.
 */
const finishedJobRows = new WeakMap<JobRecord, { readonly word: string; readonly row: Row }>();

function jobRow(model: EstateModel, job: JobRecord, now: number): Row {
  // A finished job's row changes only with the wording of its status.
  const word = model.wording.jobCompleted;
  const cached = finishedJobRows.get(job);
  if (cached?.word === word) return cached.row;
  const built = row(model, jobView(job, now, model.wording), job.instance.vault);
  if (jobStatusAt(job, now) !== 'InProgress') finishedJobRows.set(job, { word, row: built });
  return built;
}

export function* recoveryServicesRows(model: EstateModel, wanted?: ReadonlySet<string>): Generator<Row> {
  const now = model.nowMs();
  for (const vault of model.vaults()) {
    if (!inScope(wanted, vault.subscriptionId) || !graphSees(model.graphBlindness, vault.subscriptionId, vault.id)) continue;
    for (const policy of model.policies(vault)) if (policy.readable) yield row(model, policyView(policy), vault);
    for (const instance of model.instances(vault))
      yield row(model, instanceView(instance, model.protection(instance), model.wording), vault);
    for (const job of model.jobs(vault)) yield jobRow(model, job, now);
  }
}
