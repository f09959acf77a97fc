// Will tomorrow's backup of this cluster work? The prerequisites Azure documents for Backup for AKS, checked one by
// one: the backup extension, trusted access for the vault, the roles of the extension identity, the vault and the
// cluster, the CSI disk driver and snapshot controller, a managed identity, Linux amd64 nodes, no Velero beside it.
import { parseArmScope } from '../armId.js';
import { unknownFact, type Finding } from './finding.js';

export const BACKUP_EXTENSION_TYPE = 'microsoft.dataprotection.kubernetes';
export const TRUSTED_ACCESS_ROLE = 'Microsoft.DataProtection/backupVaults/backup-operator';

/** A fact the app read, or why it could not. */
export type Read<T> = { readonly value: T } | { readonly error: string };

export interface ReadinessFacts {
  readonly cluster: { readonly id: string; readonly name: string };
  readonly vaultId: string;
  readonly snapshotResourceGroupId: string;
  readonly storageAccountId: string | undefined;
  readonly extension: Read<{ readonly provisioningState: string; readonly principalId: string | undefined } | undefined>;
  readonly trustedAccessVaults: Read<readonly { readonly sourceResourceId: string; readonly roles: readonly string[] }[]>;
  /** Role names of the extension identity on the backup storage account. */
  readonly extensionStorageRoles: Read<readonly string[]>;
  readonly vaultRolesOnCluster: Read<readonly string[]>;
  readonly vaultRolesOnSnapshotRg: Read<readonly string[]>;
  readonly clusterRolesOnSnapshotRg: Read<readonly string[]>;
  readonly diskCsiDriver: boolean | undefined;
  readonly snapshotController: boolean | undefined;
  /** `SystemAssigned`, `UserAssigned`, or `ServicePrincipal` when the cluster runs on a service principal. */
  readonly identityType: string;
  readonly nodePools: readonly { readonly name: string; readonly osType: string; readonly arch: string }[];
  readonly veleroInstalled: Read<boolean>;
}

export function readinessFindings(f: ReadinessFacts): Finding[] {
  const { name } = f.cluster;
  const rg = parseArmScope(f.cluster.id)?.resourceGroup ?? '<resource-group>';
  const on = `-g ${rg} -n ${name}`;
  const out: Finding[] = [];
  const add = (finding: Finding | undefined): void => void (finding && out.push(finding));

  add(
    check(f.extension, 'extension', 'the backup extension', (ext) =>
      ext === undefined
        ? {
            severity: 'critical',
            what: `the backup extension (${BACKUP_EXTENSION_TYPE}) is not installed`,
            why: 'without it no backup of the cluster can run',
            fix: 'install the extension with the backup storage account and container',
            az: `az k8s-extension create --name azure-aks-backup --extension-type ${BACKUP_EXTENSION_TYPE} --scope cluster --cluster-type managedClusters --cluster-name ${name} --resource-group ${rg} --release-train stable --configuration-settings blobContainer=<container> storageAccount=<account> storageAccountResourceGroup=<rg> storageAccountSubscriptionId=<subscription>`,
          }
        : ext.provisioningState.toLowerCase() !== 'succeeded'
          ? {
              severity: 'critical',
              what: `the backup extension is ${ext.provisioningState}`,
              why: 'backups fail until the extension is Succeeded',
              fix: 'read the extension’s status message, fix it, and update or reinstall the extension',
              az: `az k8s-extension show --name azure-aks-backup --cluster-type managedClusters --cluster-name ${name} --resource-group ${rg}`,
            }
          : undefined,
    ),
  );
  add(
    check(f.trustedAccessVaults, 'trusted-access', 'trusted access role bindings', (bindings) =>
      bindings.some((b) => b.sourceResourceId.toLowerCase() === f.vaultId.toLowerCase() && b.roles.includes(TRUSTED_ACCESS_ROLE))
        ? undefined
        : {
            severity: 'critical',
            what: 'no trusted access role binding gives the vault backup-operator on the cluster',
            why: 'the vault cannot reach the cluster to take or restore backups',
            fix: 'bind the vault with the backup-operator role',
            az: `az aks trustedaccess rolebinding create --resource-group ${rg} --cluster-name ${name} --name backup-vault --source-resource-id ${f.vaultId} --roles ${TRUSTED_ACCESS_ROLE}`,
          },
    ),
  );
  const principal = 'value' in f.extension ? f.extension.value?.principalId : undefined;
  add(
    roleCheck(
      f.extensionStorageRoles,
      'extension-storage-role',
      'Storage Account Contributor',
      f.storageAccountId,
      principal ?? '<extension identity>',
      'the extension identity',
      'the backup storage account',
      'the extension cannot write backups (UserErrorExtensionMSIMissingPermissionsOnStorageAccount)',
    ),
  );
  add(
    roleCheck(
      f.vaultRolesOnCluster,
      'vault-reader-cluster',
      'Reader',
      f.cluster.id,
      '<vault identity>',
      'the vault identity',
      'the cluster',
      'the vault cannot read the cluster it backs up',
    ),
  );
  add(
    roleCheck(
      f.vaultRolesOnSnapshotRg,
      'vault-reader-snapshot-rg',
      'Reader',
      f.snapshotResourceGroupId,
      '<vault identity>',
      'the vault identity',
      'the snapshot resource group',
      'the vault cannot read the disk snapshots',
    ),
  );
  add(
    roleCheck(
      f.clusterRolesOnSnapshotRg,
      'cluster-contributor-snapshot-rg',
      'Contributor',
      f.snapshotResourceGroupId,
      '<cluster identity>',
      'the cluster identity',
      'the snapshot resource group',
      'the cluster cannot create disk snapshots',
    ),
  );
  if (f.diskCsiDriver !== true || f.snapshotController !== true) {
    out.push({
      check: 'csi',
      severity: f.diskCsiDriver === undefined || f.snapshotController === undefined ? 'unknown' : 'critical',
      what: `CSI disk driver ${state(f.diskCsiDriver)}, snapshot controller ${state(f.snapshotController)}`,
      why: 'Azure Backup for AKS snapshots volumes through the CSI disk driver and snapshot controller',
      fix: 'turn both on',
      az: `az aks update ${on} --enable-disk-driver --enable-snapshot-controller`,
    });
  }
  if (f.identityType.toLowerCase() === 'serviceprincipal') {
    out.push({
      check: 'identity',
      severity: 'critical',
      what: 'the cluster runs on a service principal',
      why: 'Azure Backup for AKS supports managed-identity clusters only',
      fix: 'move the cluster to a managed identity',
      az: `az aks update ${on} --enable-managed-identity`,
    });
  }
  const unsupported = f.nodePools.filter(
    (p) => p.osType.toLowerCase() !== 'linux' || !['amd64', 'x86_64', 'x64'].includes(p.arch.toLowerCase()),
  );
  if (unsupported.length === f.nodePools.length && f.nodePools.length > 0) {
    out.push({
      check: 'nodes',
      severity: 'critical',
      what: `no Linux amd64 node pool (${unsupported.map((p) => `${p.name}: ${p.osType}/${p.arch}`).join(', ')})`,
      why: 'the backup extension runs on Linux x64 nodes only',
      fix: 'add a Linux amd64 node pool',
      az: `az aks nodepool add --cluster-name ${name} --resource-group ${rg} --name backup --os-type Linux --node-vm-size Standard_D4s_v5`,
    });
  }
  add(
    check(f.veleroInstalled, 'velero-beside', 'the velero namespace', (installed) =>
      installed
        ? {
            severity: 'error',
            what: 'Velero is installed beside the backup extension',
            why: 'Azure documents that the extension must not run alongside Velero: both install Velero’s CRDs',
            fix: 'protect the cluster with one of them: uninstall Velero, or remove the backup instance and the extension',
            az: `az aks command invoke ${on} --command "velero uninstall --force"`,
          }
        : undefined,
    ),
  );
  return out;
}

function check<T>(fact: Read<T>, id: string, what: string, judge: (value: T) => Omit<Finding, 'check'> | undefined): Finding | undefined {
  if ('error' in fact) return unknownFact(id, what, fact.error);
  const found = judge(fact.value);
  return found ? { check: id, ...found } : undefined;
}

function roleCheck(
  roles: Read<readonly string[]>,
  id: string,
  role: string,
  scope: string | undefined,
  assignee: string,
  who: string,
  where: string,
  why: string,
): Finding | undefined {
  return check(roles, id, `roles of ${who} on ${where}`, (have) =>
    have.some((r) => r.toLowerCase() === role.toLowerCase() || r.toLowerCase() === 'owner')
      ? undefined
      : {
          severity: 'critical',
          what: `${who} lacks ${role} on ${where}`,
          why,
          fix: `assign ${role} to ${who} on ${where}`,
          az: `az role assignment create --assignee-object-id ${assignee} --assignee-principal-type ServicePrincipal --role "${role}" --scope ${scope ?? '<scope>'}`,
        },
  );
}

const state = (v: boolean | undefined): string => (v === undefined ? 'unknown' : v ? 'on' : 'off');
