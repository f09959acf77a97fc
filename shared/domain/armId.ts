// ARM resource ids are the product's keys (events, state blobs, HTTP filters), so they are parsed strictly once here.

export interface BackupInstanceRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vaultName: string;
  readonly instanceName: string;
  /** Canonical id (provider casing as Azure returns it, names as given). */
  readonly id: string;
}

export interface VaultRef {
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly vaultName: string;
  readonly id: string;
}

const SEGMENT = '([^/?#]+)';
const VAULT = new RegExp(
  `^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/Microsoft\\.DataProtection/backupVaults/${SEGMENT}$`,
  'i',
);
const INSTANCE = new RegExp(
  `^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/Microsoft\\.DataProtection/backupVaults/${SEGMENT}/backupInstances/${SEGMENT}$`,
  'i',
);

export function vaultId(subscriptionId: string, resourceGroup: string, vaultName: string): string {
  return `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.DataProtection/backupVaults/${vaultName}`;
}

export function parseVaultId(id: string): VaultRef | undefined {
  const m = VAULT.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId = '', resourceGroup = '', vaultName = ''] = m;
  return { subscriptionId, resourceGroup, vaultName, id: vaultId(subscriptionId, resourceGroup, vaultName) };
}

export function parseBackupInstanceId(id: string): BackupInstanceRef | undefined {
  const m = INSTANCE.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId = '', resourceGroup = '', vaultName = '', instanceName = ''] = m;
  return {
    subscriptionId,
    resourceGroup,
    vaultName,
    instanceName,
    id: `${vaultId(subscriptionId, resourceGroup, vaultName)}/backupInstances/${instanceName}`,
  };
}

/** Last segment of any ARM id: the resource's name. */
export function resourceName(id: string): string {
  const parts = id.split('/').filter(Boolean);
  return parts[parts.length - 1] ?? id;
}

/** ARM ids compare case-insensitively. */
export function sameArmId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}
