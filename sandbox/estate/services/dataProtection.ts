// Microsoft.DataProtection read routes: vaults, policies, backup instances, recovery points and jobs, as lists
// (paged with nextLink) and single resources, plus the AKS extension-routing list of a cluster's instances.
// The POST actions live in dataProtectionActions.ts.
import type { HttpKit } from '../http/context.js';
import type { Route } from '../http/types.js';
import { instanceView, policyView, vaultView } from '../model/armViews.js';
import { ModelError } from '../model/errors.js';
import type { EstateModel } from '../model/estate.js';
import { jobView, recoveryPointView } from '../model/jobViews.js';
import type { InstanceState, VaultState } from '../model/types.js';
import { armHandler, DATA_PROTECTION, ok, pageOf, type SyncHandler } from './arm.js';
import { requireCluster, requireInstance, requireResourceGroup, requireSubscription, requireVault, resourceNotFound } from './armLookup.js';
import { dataProtectionActionRoutes } from './dataProtectionActions.js';

export const VAULT_PATH = '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DataProtection/backupVaults/:vault';

export function dataProtectionRoutes(model: EstateModel, kit: HttpKit): Route[] {
  const sizes = model.settings.pageSize;
  const get = (pattern: string, handler: SyncHandler): Route => ({
    method: 'GET',
    pattern,
    service: 'arm',
    auth: 'bearer',
    handler: armHandler(DATA_PROTECTION, handler),
  });
  const vaultJson = (v: VaultState): Record<string, unknown> => vaultView(v, model.tenantId);
  const instanceJson = (i: InstanceState): Record<string, unknown> => instanceView(i, model.protection(i), model.wording);

  return [
    get('/subscriptions/:sub/providers/Microsoft.DataProtection/backupVaults', (req, p) => {
      requireSubscription(model, p.sub ?? '');
      return pageOf(kit, req, model.vaults(p.sub), sizes.vaults, vaultJson);
    }),
    get('/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.DataProtection/backupVaults', (req, p) => {
      requireResourceGroup(model, p.sub ?? '', p.rg ?? '');
      return pageOf(kit, req, model.vaults(p.sub, p.rg), sizes.vaults, vaultJson);
    }),
    get(VAULT_PATH, (_req, p) => ok(vaultJson(requireVault(model, p)))),

    get(`${VAULT_PATH}/backupPolicies`, (req, p) => {
      const readable = model.policies(requireVault(model, p)).filter((policy) => policy.readable);
      return pageOf(kit, req, readable, sizes.policies, policyView);
    }),
    get(`${VAULT_PATH}/backupPolicies/:policy`, (req, p) => {
      const vault = requireVault(model, p);
      const policy = vault.policies.get((p.policy ?? '').toLowerCase());
      if (!policy)
        throw resourceNotFound(`Microsoft.DataProtection/backupVaults/${vault.name}/backupPolicies`, p.policy ?? '', vault.resourceGroup);
      if (!policy.readable)
        throw authorizationFailed(req.principal, 'Microsoft.DataProtection/backupVaults/backupPolicies/read', policy.id);
      return ok(policyView(policy));
    }),

    get(`${VAULT_PATH}/backupInstances`, (req, p) => {
      return pageOf(kit, req, model.instances(requireVault(model, p)), sizes.instances, instanceJson);
    }),
    get(`${VAULT_PATH}/backupInstances/:bi`, (_req, p) => {
      return ok(instanceJson(requireInstance(model, p)));
    }),

    get(`${VAULT_PATH}/backupInstances/:bi/recoveryPoints`, (req, p) => {
      const instance = requireInstance(model, p);
      const { start, end } = parseRecoveryPointFilter(req.query.get('$filter'));
      const points = model
        .recoveryPoints(instance)
        .filter((rp) => (start === undefined || rp.time >= start) && (end === undefined || rp.time <= end));
      return pageOf(kit, req, points, sizes.recoveryPoints, recoveryPointView);
    }),
    get(`${VAULT_PATH}/backupInstances/:bi/recoveryPoints/:rp`, (_req, p) => {
      const instance = requireInstance(model, p);
      const rp = model.recoveryPoints(instance).find((r) => r.id.toLowerCase() === (p.rp ?? '').toLowerCase());
      if (!rp)
        throw resourceNotFound(
          `Microsoft.DataProtection/backupVaults/${instance.vault.name}/backupInstances/${instance.name}/recoveryPoints`,
          p.rp ?? '',
          instance.vault.resourceGroup,
        );
      return ok(recoveryPointView(rp));
    }),

    get(`${VAULT_PATH}/backupJobs`, (req, p) => {
      const now = model.nowMs();
      return pageOf(kit, req, model.jobs(requireVault(model, p)), sizes.jobs, (j) => jobView(j, now, model.wording));
    }),
    get(`${VAULT_PATH}/backupJobs/:job`, (_req, p) => {
      const vault = requireVault(model, p);
      const job = model.job(vault, p.job ?? '');
      if (!job) throw resourceNotFound(`Microsoft.DataProtection/backupVaults/${vault.name}/backupJobs`, p.job ?? '', vault.resourceGroup);
      return ok(jobView(job, model.nowMs(), model.wording));
    }),

    // BackupInstancesExtensionRouting_List: the instances (in any vault) protecting one cluster.
    get(
      '/subscriptions/:sub/resourceGroups/:rg/providers/Microsoft.ContainerService/managedClusters/:cluster/providers/Microsoft.DataProtection/backupInstances',
      (req, p) => {
        const cluster = requireCluster(model, p);
        return pageOf(kit, req, model.instancesOfCluster(cluster), sizes.instances, instanceJson);
      },
    ),

    ...dataProtectionActionRoutes(model, kit),
  ];
}

/** ARM's 403 for a principal whose roles lack `action` at `scope`. */
function authorizationFailed(principal: string | undefined, action: string, scope: string): ModelError {
  const who = principal ?? 'anonymous';
  return new ModelError(
    403,
    'AuthorizationFailed',
    `The client '${who}' with object id '${who}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
  );
}

const FILTER_TERM = /^\s*(startDate|endDate)\s+eq\s+'([^']*)'\s*$/i;

/** `startDate eq '2026-01-01T00:00:00' and endDate eq '…'` (either part optional), the az CLI's filter. */
export function parseRecoveryPointFilter(filter: string | null): { start?: number; end?: number } {
  if (filter === null || filter.trim() === '') return {};
  const bounds: { start?: number; end?: number } = {};
  for (const term of filter.split(/\s+and\s+/i)) {
    const m = FILTER_TERM.exec(term);
    const key = m?.[1]?.toLowerCase() === 'startdate' ? 'start' : 'end';
    const text = m?.[2] ?? '';
    // Dates without a zone are UTC, as the service reads them.
    const ms = Date.parse(/[zZ]|[+-]\d{2}:?\d{2}$/.test(text) ? text : `${text}Z`);
    if (!m || Number.isNaN(ms) || bounds[key] !== undefined) {
      throw new ModelError(
        400,
        'BadRequest',
        `Invalid $filter '${filter}'. Expected: startDate eq '<ISO 8601>' and endDate eq '<ISO 8601>'.`,
        '$filter',
      );
    }
    bounds[key] = ms;
  }
  return bounds;
}
