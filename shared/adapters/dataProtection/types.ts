// Typed shapes of the Microsoft.DataProtection resources this app reads (api-version 2026-03-01).
// Only the fields the product uses are declared; unknown enum values are kept as plain strings, because the
// service adds values over time ("modelAsString" in the spec) and a new value must never break the monitor.

/** A string enum that tolerates values newer than this code. */
export type OpenEnum<T extends string> = T | (string & Record<never, never>);

export type ProtectionState = OpenEnum<
  | 'Invalid'
  | 'NotProtected'
  | 'ConfiguringProtection'
  | 'ProtectionConfigured'
  | 'BackupSchedulesSuspended'
  | 'RetentionSchedulesSuspended'
  | 'ProtectionStopped'
  | 'ProtectionError'
  | 'ConfiguringProtectionFailed'
  | 'SoftDeleting'
  | 'SoftDeleted'
  | 'UpdatingProtection'
>;

export type JobStatus = OpenEnum<'InProgress' | 'Completed' | 'Failed' | 'Cancelled' | 'CompletedWithWarnings' | 'Cancelling' | 'Paused'>;

export interface ArmResource<P> {
  readonly id: string;
  readonly name: string;
  readonly type?: string;
  readonly location?: string;
  readonly tags?: Readonly<Record<string, string>>;
  readonly properties: P;
}

export interface UserFacingError {
  readonly code?: string;
  readonly message?: string;
  readonly isRetryable?: boolean;
  readonly isUserError?: boolean;
  readonly recommendedAction?: readonly string[];
}

export type BackupVault = ArmResource<{
  readonly provisioningState?: string;
  readonly monitoringSettings?: { readonly azureMonitorAlertSettings?: { readonly alertsForAllJobFailures?: string } };
}>;

export interface Datasource {
  readonly objectType?: string;
  readonly datasourceType?: string;
  readonly resourceID: string;
  readonly resourceName?: string;
  readonly resourceType?: string;
  readonly resourceLocation?: string;
}

export type BackupInstance = ArmResource<{
  readonly objectType?: 'BackupInstance' | (string & Record<never, never>);
  readonly friendlyName?: string;
  readonly provisioningState?: string;
  readonly currentProtectionState?: ProtectionState;
  readonly protectionStatus?: { readonly status?: string; readonly errorDetails?: UserFacingError };
  readonly protectionErrorDetails?: UserFacingError;
  readonly dataSourceInfo: Datasource;
  readonly policyInfo: {
    readonly policyId: string;
    readonly policyVersion?: string;
    readonly policyParameters?: {
      readonly backupDatasourceParametersList?: readonly {
        readonly objectType?: string;
        readonly includedNamespaces?: readonly string[];
        readonly excludedNamespaces?: readonly string[];
      }[];
    };
  };
}>;

export interface ScheduleBasedTrigger {
  readonly objectType: 'ScheduleBasedTriggerContext';
  readonly schedule: { readonly repeatingTimeIntervals: readonly string[]; readonly timeZone?: string };
  readonly taggingCriteria?: readonly { readonly isDefault?: boolean; readonly tagInfo: { readonly tagName: string } }[];
}

export interface AzureBackupRule {
  readonly objectType: 'AzureBackupRule';
  readonly name: string;
  readonly backupParameters?: { readonly objectType?: string; readonly backupType?: string };
  readonly dataStore?: { readonly dataStoreType?: string };
  readonly trigger: ScheduleBasedTrigger | { readonly objectType: OpenEnum<'AdhocBasedTriggerContext'> };
}

export interface AzureRetentionRule {
  readonly objectType: 'AzureRetentionRule';
  readonly name: string;
  readonly isDefault?: boolean;
  readonly lifecycles?: readonly unknown[];
}

/** A rule kind this code does not know yet; kept so that callers can report it rather than crash. */
export interface UnknownRule {
  readonly objectType: string;
  readonly name: string;
}

export type PolicyRule = AzureBackupRule | AzureRetentionRule | UnknownRule;

export type BackupPolicy = ArmResource<{
  readonly objectType?: string;
  readonly datasourceTypes?: readonly string[];
  readonly policyRules: readonly PolicyRule[];
}>;

export type RecoveryPoint = ArmResource<{
  readonly objectType: OpenEnum<'AzureBackupDiscreteRecoveryPoint'>;
  readonly recoveryPointId?: string;
  readonly recoveryPointTime?: string;
  readonly recoveryPointType?: string;
  readonly recoveryPointState?: OpenEnum<'Completed' | 'Partial' | 'Completed_WithWarnings'>;
  readonly retentionTagName?: string;
  readonly expiryTime?: string;
}>;

export type BackupJob = ArmResource<{
  readonly operationCategory?: OpenEnum<'Backup' | 'Restore' | 'Tiering' | 'Management'>;
  readonly operation?: string;
  readonly status?: JobStatus;
  readonly isUserTriggered?: boolean;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly duration?: string;
  readonly dataSourceType?: string;
  readonly dataSourceId?: string;
  readonly dataSourceName?: string;
  readonly backupInstanceId?: string;
  readonly backupInstanceFriendlyName?: string;
  readonly policyId?: string;
  readonly errorDetails?: readonly UserFacingError[];
}>;

/** Final result of ad-hoc backup, validate restore and trigger restore. */
export interface OperationJobExtendedInfo {
  readonly objectType: 'OperationJobExtendedInfo' | (string & Record<never, never>);
  readonly jobId?: string;
}

export interface OperationResource {
  readonly id?: string;
  readonly name?: string;
  readonly status: OpenEnum<'InProgress' | 'Succeeded' | 'Failed' | 'Canceled'>;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
  readonly properties?: OperationJobExtendedInfo;
}

export interface TriggerBackupRequest {
  readonly backupRuleOptions: {
    readonly ruleName: string;
    readonly triggerOption: { readonly retentionTagOverride?: string };
  };
}

/** The restore request is passed through as built by the restore-validation use case (see facts §1.9). */
export interface RestoreRequest {
  readonly objectType: OpenEnum<'AzureBackupRecoveryPointBasedRestoreRequest'>;
  readonly recoveryPointId: string;
  readonly sourceDataStoreType: OpenEnum<'OperationalStore' | 'VaultStore'>;
  readonly sourceResourceId?: string;
  readonly restoreTargetInfo: Readonly<Record<string, unknown>>;
  readonly identityDetails?: Readonly<Record<string, unknown>>;
}

// Azure's word for an AKS datasource lives with its other words (the alert ingest's trust rules read it too).
export { AKS_DATASOURCE_TYPE, isAksDatasource } from '../../domain/azureWords.js';

export function isBackupRule(rule: PolicyRule): rule is AzureBackupRule {
  return rule.objectType === 'AzureBackupRule';
}

export function isScheduleTrigger(trigger: AzureBackupRule['trigger']): trigger is ScheduleBasedTrigger {
  return trigger.objectType === 'ScheduleBasedTriggerContext';
}
