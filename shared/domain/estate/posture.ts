// How well a vault protects the backups it holds, per the tier of what it protects. The level follows Azure
// Backup's own security levels (soft delete, immutability, multi-user authorization); the findings go beyond them:
// soft delete long enough to notice a deletion, immutability locked for Critical, redundancy and cross-region
// restore for Critical and Production, a resource guard, and the built-in job-failure alerts on.
import type { Finding } from './finding.js';

export type SecurityLevel = 'Excellent' | 'Good' | 'Fair' | 'Poor';

export interface VaultPosture {
  readonly id: string;
  readonly name: string;
  /** `On`, `AlwaysOn` or `Off`, as the vault's securitySettings.softDeleteSettings.state says. */
  readonly softDeleteState: string;
  readonly softDeleteDays: number;
  /** `Disabled`, `Unlocked` or `Locked` (securitySettings.immutabilitySettings.state). */
  readonly immutability: string;
  /** `LocallyRedundant`, `ZoneRedundant` or `GeoRedundant` (storageSettings[].type). */
  readonly redundancy: string;
  readonly crossRegionRestore: boolean;
  /** A resource guard (multi-user authorization) is associated. */
  readonly resourceGuard: boolean;
  /** monitoringSettings.azureMonitorAlertSettings.alertsForAllJobFailures is Enabled. */
  readonly jobFailureAlerts: boolean;
}

/** Minimum soft-delete retention worth the name: two weeks to notice a deletion (Azure's default is 14 days). */
export const MIN_SOFT_DELETE_DAYS = 14;

const lower = (s: string): string => s.trim().toLowerCase();

export function securityLevel(v: VaultPosture): SecurityLevel {
  const softDelete = lower(v.softDeleteState) !== 'off';
  const immutable = lower(v.immutability) !== 'disabled';
  if (softDelete && lower(v.softDeleteState) === 'alwayson' && lower(v.immutability) === 'locked' && v.resourceGuard) return 'Excellent';
  if (softDelete && immutable) return 'Good';
  if (softDelete || immutable) return 'Fair';
  return 'Poor';
}

/** Findings for a vault holding backups of the given tier (its most demanding instance's). */
export function postureFindings(v: VaultPosture, tier: string | undefined): Finding[] {
  const t = lower(tier ?? 'standard');
  const high = t === 'critical' || t === 'production';
  const rg = /\/resourcegroups\/([^/]+)/i.exec(v.id)?.[1] ?? '<resource-group>';
  const on = `--resource-group ${rg} --vault-name ${v.name}`;
  const out: Finding[] = [];
  if (lower(v.softDeleteState) === 'off' || v.softDeleteDays < MIN_SOFT_DELETE_DAYS) {
    out.push({
      check: 'soft-delete',
      severity: high ? 'critical' : 'error',
      what: lower(v.softDeleteState) === 'off' ? 'soft delete is off' : `soft delete keeps deleted backups ${v.softDeleteDays} days`,
      why: 'a deleted backup (by mistake or by an attacker) is gone at once',
      fix: `turn soft delete on with at least ${MIN_SOFT_DELETE_DAYS} days`,
      az: `az dataprotection backup-vault update ${on} --soft-delete-state On --retention-duration-in-days ${Math.max(MIN_SOFT_DELETE_DAYS, v.softDeleteDays)}`,
    });
  }
  const immutability = lower(v.immutability);
  if (t === 'critical' ? immutability !== 'locked' : high && immutability === 'disabled') {
    out.push({
      check: 'immutability',
      severity: t === 'critical' ? 'critical' : 'warning',
      what: `immutability is ${v.immutability}`,
      why:
        t === 'critical'
          ? 'only a locked vault keeps recovery points from being deleted before they expire'
          : 'recovery points can be deleted before they expire',
      fix: t === 'critical' ? 'enable immutability and lock it (locking cannot be undone)' : 'enable immutability',
      az: `az dataprotection backup-vault update ${on} --immutability-state ${t === 'critical' ? 'Locked' : 'Unlocked'}`,
    });
  }
  if (high && lower(v.redundancy) === 'locallyredundant') {
    out.push({
      check: 'redundancy',
      severity: 'error',
      what: 'the vault is locally redundant',
      why: 'a zone or region outage takes the backups with it',
      fix: 'use a zone- or geo-redundant vault (redundancy is set when the vault is created: create a new vault and move protection)',
      az: `az dataprotection backup-vault create ${on} --location <region> --type SystemAssigned --storage-settings datastore-type="VaultStore" type="GeoRedundant"`,
    });
  }
  if (high && lower(v.redundancy) === 'georedundant' && !v.crossRegionRestore) {
    out.push({
      check: 'cross-region-restore',
      severity: 'warning',
      what: 'cross-region restore is off',
      why: 'a geo-redundant copy that cannot be restored in the paired region does not help in a regional outage',
      fix: 'turn cross-region restore on',
      az: `az dataprotection backup-vault update ${on} --cross-region-restore-state Enabled`,
    });
  }
  if (t === 'critical' && !v.resourceGuard) {
    out.push({
      check: 'multi-user-authorization',
      severity: 'warning',
      what: 'no resource guard protects the vault',
      why: 'one compromised admin can disable protection and delete backups',
      fix: 'associate a resource guard (multi-user authorization)',
      az: `az dataprotection backup-vault resource-guard-mapping create ${on} --resource-guard-mapping-name DppResourceGuardProxy --resource-guard-id <resource guard id>`,
    });
  }
  if (!v.jobFailureAlerts) {
    out.push({
      check: 'job-failure-alerts',
      severity: 'warning',
      what: 'built-in alerts for job failures are off',
      why: 'Azure Monitor raises no alert when a backup job fails (the app’s alert endpoint hears nothing)',
      fix: 'enable alerts for all job failures',
      az: `az dataprotection backup-vault update ${on} --azure-monitor-alerts-for-job-failures Enabled`,
    });
  }
  return out;
}
