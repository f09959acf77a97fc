// Never trust an empty or short Resource Graph answer. Resource Graph answers 200 with no rows for a subscription the
// identity cannot read, and while it is still indexing, so "no rows" is not proof that nothing is there. Once per run
// each watched subscription's vaults and their AKS backup instances, as the DataProtection API lists them (a handful
// of calls: one list per subscription, one per vault), are compared with what Resource Graph showed. Every vault
// where the two disagree is read from the DataProtection API instead, and the run says so, by subscription.
//
// Pure: the caller lists, this decides.

export interface CensusVaultView {
  readonly id: string;
  readonly name: string;
  /** Its AKS backup instances' ids; undefined with `error` when they could not be listed. */
  readonly instanceIds?: readonly string[] | undefined;
  readonly error?: string | undefined;
}

export interface CensusView {
  readonly subscriptionId: string;
  /** Undefined with `error` when the subscription's vaults could not be listed. */
  readonly vaults?: readonly CensusVaultView[] | undefined;
  readonly error?: string | undefined;
}

export interface GraphCrossCheck {
  /** Lower-case ids of the vaults whose Resource Graph answer is not to be used. */
  readonly distrustedVaults: ReadonlySet<string>;
  /** One per subscription with a disagreement or a vault that could not be checked. */
  readonly warnings: string[];
}

const WHY_EMPTY = 'Resource Graph answers empty for a subscription the identity cannot read, and while it is still indexing';

/** The vault part of a backup instance id. */
export const vaultOfInstance = (instanceId: string): string => instanceId.replace(/\/backupInstances\/[^/]+\/?$/i, '');

const subscriptionOf = (id: string): string | undefined => /^\/subscriptions\/([^/]+)\//i.exec(id)?.[1]?.toLowerCase();
const nameOf = (id: string): string => id.replace(/\/+$/, '').split('/').pop() ?? id;

/**
 * @param graphInstanceIds the AKS backup instances Resource Graph showed
 * @param census what the DataProtection API lists, per watched subscription
 * @param fallback what was done instead for the distrusted vaults, e.g. "their instances were read from the DataProtection API"
 */
export function crossCheckGraph(graphInstanceIds: readonly string[], census: readonly CensusView[], fallback: string): GraphCrossCheck {
  const graphByVault = new Map<string, Set<string>>();
  for (const id of graphInstanceIds) {
    const vault = vaultOfInstance(id).toLowerCase();
    let ids = graphByVault.get(vault);
    if (!ids) graphByVault.set(vault, (ids = new Set()));
    ids.add(id.toLowerCase());
  }
  const distrusted = new Set<string>();
  const warnings: string[] = [];
  for (const sub of census) {
    const subKey = sub.subscriptionId.toLowerCase();
    if (!sub.vaults) {
      warnings.push(
        `could not cross-check subscription ${sub.subscriptionId} against the DataProtection API (${sub.error ?? 'no answer'}); Resource Graph's answer for it is used unchecked`,
      );
      continue;
    }
    const differences: string[] = [];
    const unchecked: string[] = [];
    const listed = new Set<string>();
    let apiTotal = 0;
    let graphTotal = 0;
    for (const vault of sub.vaults) {
      const key = vault.id.toLowerCase();
      listed.add(key);
      const inGraph = graphByVault.get(key) ?? new Set<string>();
      if (!vault.instanceIds) {
        unchecked.push(`${vault.name} (${vault.error ?? 'no answer'})`);
        continue;
      }
      const inApi = new Set(vault.instanceIds.map((i) => i.toLowerCase()));
      apiTotal += inApi.size;
      graphTotal += inGraph.size;
      if (sameSet(inApi, inGraph)) continue;
      distrusted.add(key);
      const same = inApi.size === inGraph.size ? ', not the same ones' : '';
      differences.push(`${vault.name}: ${inApi.size} in the DataProtection API, ${inGraph.size} in Resource Graph${same}`);
    }
    // Vaults Resource Graph shows in this subscription that the DataProtection API does not list (stale rows).
    for (const [key, ids] of graphByVault) {
      if (listed.has(key) || subscriptionOf(key) !== subKey) continue;
      distrusted.add(key);
      graphTotal += ids.size;
      differences.push(`${nameOf(key)}: ${ids.size} in Resource Graph, a vault the DataProtection API does not list`);
    }
    const parts: string[] = [];
    if (differences.length > 0) {
      parts.push(
        `Resource Graph shows ${graphTotal} of the ${apiTotal} AKS backup instances the DataProtection API lists in subscription ` +
          `${sub.subscriptionId} (${differences.join('; ')}); ${differences.length === 1 ? 'that vault' : 'those vaults'}: ${fallback} (${WHY_EMPTY})`,
      );
    }
    if (unchecked.length > 0) {
      parts.push(
        `could not cross-check ${unchecked.length === 1 ? 'vault' : 'vaults'} ${unchecked.join(', ')} in subscription ${sub.subscriptionId} ` +
          `against the DataProtection API; Resource Graph's answer for ${unchecked.length === 1 ? 'it' : 'them'} is used unchecked`,
      );
    }
    if (parts.length > 0) warnings.push(parts.join('; '));
  }
  return { distrustedVaults: distrusted, warnings };
}

function sameSet(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}
