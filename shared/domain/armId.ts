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

/**
 * Why an ARM id cannot be used as a path, or undefined. Every segment must percent-decode (a broken escape is a
 * URIError further down) to something that is neither a dot segment (`.`/`..` would climb the ARM path) nor hides a
 * separator, a control character or a lone surrogate.
 */
export function armIdProblem(id: string): string | undefined {
  for (const segment of id.trim().split('/')) {
    if (segment === '') continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return `has a broken percent-escape in "${segment.length > 40 ? `${segment.slice(0, 40)}…` : segment}"`;
    }
    if (decoded === '.' || decoded === '..') return 'has a dot segment (. or ..)';
    // A lone surrogate cannot be percent-encoded again (encodeURIComponent throws URIError).
    if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(decoded))
      return 'has a character that is not valid Unicode';
    if (/[/\\?#]/.test(decoded)) return 'has an encoded /, \\, ? or # inside a segment';
    // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
    if (/[\u0000-\u001f\u007f]/.test(decoded)) return 'has a control character';
  }
  return undefined;
}

export function parseVaultId(id: string): VaultRef | undefined {
  if (armIdProblem(id)) return undefined;
  const m = VAULT.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId = '', resourceGroup = '', vaultName = ''] = m;
  return { subscriptionId, resourceGroup, vaultName, id: vaultId(subscriptionId, resourceGroup, vaultName) };
}

export function parseBackupInstanceId(id: string): BackupInstanceRef | undefined {
  if (armIdProblem(id)) return undefined;
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

const JOB = new RegExp(
  `^/subscriptions/${SEGMENT}/resourceGroups/${SEGMENT}/providers/Microsoft\\.DataProtection/backupVaults/${SEGMENT}/backupJobs/${SEGMENT}$`,
  'i',
);

/** A backup job's id, canonical like the others; undefined when it is not one or `armIdProblem` refuses it. */
export function parseBackupJobId(id: string): { readonly subscriptionId: string; readonly id: string } | undefined {
  if (armIdProblem(id)) return undefined;
  const m = JOB.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId = '', resourceGroup = '', vaultName = '', jobName = ''] = m;
  return { subscriptionId, id: `${vaultId(subscriptionId, resourceGroup, vaultName)}/backupJobs/${jobName}` };
}

export interface ArmScope {
  readonly subscriptionId: string;
  readonly resourceGroup: string | undefined;
  /** The resource type below the scope (`Microsoft.DataProtection/backupVaults/backupInstances`), when it is a resource. */
  readonly resourceType: string | undefined;
}

const SCOPE = /^\/subscriptions\/([^/?#]+)(?:\/resourceGroups\/([^/?#]+))?(?:\/providers\/([^?#]+))?\/?$/i;

/**
 * Any ARM id: a subscription (`/subscriptions/<id>`), a resource group, or a resource below either. Alerts target
 * all three (a Service Health alert targets the subscription itself).
 */
export function parseArmScope(id: string): ArmScope | undefined {
  if (armIdProblem(id)) return undefined;
  const m = SCOPE.exec(id.trim());
  if (!m) return undefined;
  const [, subscriptionId = '', resourceGroup, provider] = m;
  const parts = provider?.split('/').filter(Boolean) ?? [];
  if (provider !== undefined && (parts.length < 3 || parts.length % 2 === 0)) return undefined;
  const resourceType = parts.length === 0 ? undefined : [parts[0], ...parts.slice(1).filter((_, i) => i % 2 === 0)].join('/');
  return { subscriptionId, resourceGroup, resourceType };
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
