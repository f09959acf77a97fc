// Resolving ARM path segments against the model with ARM's own 404s: unknown subscription, resource group,
// vault, instance … each gets the code and wording Azure uses, so the product's error handling sees real shapes.
import { ModelError } from '../model/errors.js';
import type { EstateModel } from '../model/estate.js';
import type { ClusterState, InstanceState, VaultState } from '../model/types.js';

const notFoundFix = 'For more details please go to https://aka.ms/ARMResourceNotFoundFix';

export function requireSubscription(model: EstateModel, sub: string): void {
  if (!model.subscription(sub)) throw new ModelError(404, 'SubscriptionNotFound', `The subscription '${sub}' could not be found.`);
}

export function requireResourceGroup(model: EstateModel, sub: string, rg: string): void {
  requireSubscription(model, sub);
  if (!model.resourceGroupExists(sub, rg)) throw new ModelError(404, 'ResourceGroupNotFound', `Resource group '${rg}' could not be found.`);
}

export function resourceNotFound(type: string, name: string, rg: string): ModelError {
  return new ModelError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${rg}' was not found. ${notFoundFix}`,
  );
}

export function requireVault(model: EstateModel, p: Readonly<Record<string, string>>): VaultState {
  const { sub = '', rg = '', vault = '' } = p;
  requireResourceGroup(model, sub, rg);
  const found = model.vault(sub, rg, vault);
  if (!found) throw resourceNotFound('Microsoft.DataProtection/backupVaults', vault, rg);
  return found;
}

export function requireInstance(model: EstateModel, p: Readonly<Record<string, string>>): InstanceState {
  const vault = requireVault(model, p);
  const name = p.bi ?? '';
  const found = model.instance(vault, name);
  if (!found) throw resourceNotFound(`Microsoft.DataProtection/backupVaults/${vault.name}/backupInstances`, name, vault.resourceGroup);
  return found;
}

export function requireCluster(model: EstateModel, p: Readonly<Record<string, string>>): ClusterState {
  const { sub = '', rg = '', cluster = '' } = p;
  requireResourceGroup(model, sub, rg);
  const found = model.clusters(sub, rg).find((c) => c.name.toLowerCase() === cluster.toLowerCase());
  if (!found) throw resourceNotFound('Microsoft.ContainerService/managedClusters', cluster, rg);
  return found;
}
