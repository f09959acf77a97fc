metadata name = 'Backup Autopilot for AKS: shared types'
metadata description = 'User-defined types shared by main.bicep and its modules (imported with `import`).'

// ================ //
//   Definitions    //
// ================ //

@export()
@description('Tags applied to every resource this template creates: tag name to value.')
type tagsType = {
  *: string
}

@export()
@description('A role assignment made by this template. Its description names the code path that needs it (infra/required-actions.json lists the actions).')
type roleAssignmentType = {
  @description('Required. Role name: a key of `builtInRoles` or `customRoles` in infra/role-actions.json.')
  roleName: string

  @description('Required. Object ID of the principal that receives the role.')
  principalId: string

  @description('Required. Kind of principal; given explicitly so a freshly created identity does not fail on replication delay.')
  principalType: ('ServicePrincipal' | 'User' | 'Group')

  @description('Required. The code path that needs the role (stored as the assignment description).')
  description: string
}

@export()
@description('A role assignment on one blob container (the narrowest scope a data role can have).')
type containerRoleAssignmentType = {
  @description('Required. Name of the container (created by this template or existing on the account).')
  containerName: string

  @description('Required. The role assignment.')
  assignment: roleAssignmentType
}

@export()
@description('An Event Grid-triggered function of the app and how the topic delivers to it.')
type eventGridFunctionType = {
  @description('Required. Name of the function as registered with `app.eventGrid` (the Function App must already have it).')
  @minLength(1)
  functionName: string

  @description('Optional. CloudEvents `type` values to deliver. Default: every event on the topic.')
  includedEventTypes: string[]?

  @description('Optional. Only deliver events whose subject starts with this prefix. Default: no subject filter.')
  subjectBeginsWith: string?

  @description('Optional. Delivery attempts before the event is dead-lettered (1-30). Default: 10.')
  @minValue(1)
  @maxValue(30)
  maxDeliveryAttempts: int?

  @description('Optional. Minutes Event Grid keeps retrying an event before dead-lettering it (1-1440). Default: 1440.')
  @minValue(1)
  @maxValue(1440)
  eventTimeToLiveInMinutes: int?
}

@export()
@description('A storage account holding backup blobs, and the lifecycle (tiering) rule this template manages on it.')
type backupStorageType = {
  @description('Required. Resource ID of the storage account (`/subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.Storage/storageAccounts/<name>`). The template owns its lifecycle policy: one entry per account.')
  storageAccountResourceId: string

  @description('Required. Blob prefixes the rule applies to, each starting with the container name (e.g. `aks-backups/`); 1 to 10.')
  @minLength(1)
  @maxLength(10)
  prefixMatch: string[]

  @description('Optional. Days after last modification before a blob moves to Cool. Default: 30.')
  @minValue(0)
  coolAfterDays: int?

  @description('Optional. Move blobs to Archive (not available on ZRS, GZRS or RA-GZRS accounts). Default: true.')
  enableArchive: bool?

  @description('Optional. Days after last modification before a blob moves to Archive. Default: 90.')
  @minValue(0)
  archiveAfterDays: int?

  @description('Optional. Delete blobs after `deleteAfterDays`. Default: true.')
  enableDelete: bool?

  @description('Optional. Days after last modification before a blob is deleted. Default: 365.')
  @minValue(1)
  deleteAfterDays: int?

  @description('Optional. Containers the app may read (blob-landed backup sources, RPO_BLOB_SOURCES) and, with `appTiering`, re-tier. Default: the containers `prefixMatch` names.')
  containers: string[]?

  @description('Optional. Let the app re-tier and delete blobs itself (Storage Blob Data Contributor on `containers`); only for the app\'s tiering feature. Default: false (read-only).')
  appTiering: bool?

  @description('Optional. The account\'s other lifecycle rules, kept as they are: the policy is one document, and writing it replaces whatever is there. The azd preprovision hook fills this from the account (infra/hooks/preprovision.sh). Default: none.')
  keepRules: object[]?
}

@export()
@description('Private networking: private endpoints for the app\'s storage, Key Vault and Event Grid topic, with their public network access turned off, and the Function App integrated into the virtual network.')
type privateNetworkingType = {
  @description('Required. Turn private networking on.')
  enabled: bool

  @description('Optional. Address space of the new virtual network (a /25 or larger). Default: 10.80.0.0/24.')
  addressPrefix: string?

  @description('Optional. Private DNS zone of Event Grid topics in this cloud. Default: privatelink.eventgrid.azure.net.')
  eventGridPrivateDnsZone: string?
}

@export()
@sealed()
@description('Values for the settings main.bicep leaves to the code\'s defaults (infra/app-settings-defaulted.json), by name. Sealed: a name not listed here (a setting the template sets, such as AZURE_AUTH_MODE or TEAMS_WEBHOOK_URL, or a local-only one) fails validation instead of silently overriding it.')
type appSettingOverridesType = {
  @description('Optional. LOG_ANALYTICS_ENDPOINT (see the README settings table).')
  LOG_ANALYTICS_ENDPOINT: string?

  @description('Optional. LOG_ANALYTICS_AUDIENCE (see the README settings table).')
  LOG_ANALYTICS_AUDIENCE: string?

  @description('Optional. DATAPROTECTION_API_VERSION (see the README settings table).')
  DATAPROTECTION_API_VERSION: string?

  @description('Optional. HTTP_MAX_RETRIES (see the README settings table).')
  HTTP_MAX_RETRIES: string?

  @description('Optional. HTTP_RETRY_DELAY_MS (see the README settings table).')
  HTTP_RETRY_DELAY_MS: string?

  @description('Optional. HTTP_TIMEOUT_MS (see the README settings table).')
  HTTP_TIMEOUT_MS: string?

  @description('Optional. ARM_CONCURRENCY (see the README settings table).')
  ARM_CONCURRENCY: string?

  @description('Optional. RPO_SCHEDULE_GRACE (see the README settings table).')
  RPO_SCHEDULE_GRACE: string?

  @description('Optional. RPO_DEFAULT_TARGET (see the README settings table).')
  RPO_DEFAULT_TARGET: string?

  @description('Optional. RPO_AT_RISK_SHARE (see the README settings table).')
  RPO_AT_RISK_SHARE: string?

  @description('Optional. RPO_TAG_NAME (see the README settings table).')
  RPO_TAG_NAME: string?

  @description('Optional. RPO_TIER_TAG_NAME (see the README settings table).')
  RPO_TIER_TAG_NAME: string?

  @description('Optional. RPO_TIERS (see the README settings table).')
  RPO_TIERS: string?

  @description('Optional. RPO_CONFIRM_MARGIN (see the README settings table).')
  RPO_CONFIRM_MARGIN: string?

  @description('Optional. RPO_HTTP_CACHE_SECONDS (see the README settings table).')
  RPO_HTTP_CACHE_SECONDS: string?

  @description('Optional. RPO_BLOB_SOURCES (see the README settings table).')
  RPO_BLOB_SOURCES: string?

  @description('Optional. REMEDIATION_RERUNS_PER_DAY (see the README settings table).')
  REMEDIATION_RERUNS_PER_DAY: string?

  @description('Optional. REMEDIATION_BACKOFF_BASE (see the README settings table).')
  REMEDIATION_BACKOFF_BASE: string?

  @description('Optional. REMEDIATION_BACKOFF_MAX (see the README settings table).')
  REMEDIATION_BACKOFF_MAX: string?

  @description('Optional. REMEDIATION_CLAIM_EXPIRY (see the README settings table).')
  REMEDIATION_CLAIM_EXPIRY: string?

  @description('Optional. RERUN_FOLLOW_TIMEOUT (see the README settings table).')
  RERUN_FOLLOW_TIMEOUT: string?

  @description('Optional. JOB_WATCH_LOOKBACK (see the README settings table).')
  JOB_WATCH_LOOKBACK: string?

  @description('Optional. JOB_LOGS_WINDOW (see the README settings table).')
  JOB_LOGS_WINDOW: string?

  @description('Optional. JOB_LOGS_MIN_SAMPLES (see the README settings table).')
  JOB_LOGS_MIN_SAMPLES: string?

  @description('Optional. THRESHOLD_BACKUP_SUCCESS_RATE (see the README settings table).')
  THRESHOLD_BACKUP_SUCCESS_RATE: string?

  @description('Optional. THRESHOLD_BACKUP_DURATION (see the README settings table).')
  THRESHOLD_BACKUP_DURATION: string?

  @description('Optional. THRESHOLD_RESTORE_SUCCESS_RATE (see the README settings table).')
  THRESHOLD_RESTORE_SUCCESS_RATE: string?

  @description('Optional. ALERT_MAX_JOB_IDS (see the README settings table).')
  ALERT_MAX_JOB_IDS: string?

  @description('Optional. TEAMS_WEBHOOK_ALLOWED_HOSTS (see the README settings table).')
  TEAMS_WEBHOOK_ALLOWED_HOSTS: string?

  @description('Optional. NOTIFY_EMAIL_TO (see the README settings table).')
  NOTIFY_EMAIL_TO: string?

  @description('Optional. NOTIFY_REMINDER_EVERY (see the README settings table).')
  NOTIFY_REMINDER_EVERY: string?

  @description('Optional. NOTIFY_EMAIL_DIGEST_THRESHOLD (see the README settings table).')
  NOTIFY_EMAIL_DIGEST_THRESHOLD: string?

  @description('Optional. NOTIFY_TEAMS_MAX_PER_SECOND (see the README settings table).')
  NOTIFY_TEAMS_MAX_PER_SECOND: string?

  @description('Optional. NOTIFY_RETRY_BASE (see the README settings table).')
  NOTIFY_RETRY_BASE: string?

  @description('Optional. NOTIFY_RETRY_MAX (see the README settings table).')
  NOTIFY_RETRY_MAX: string?

  @description('Optional. NOTIFY_PORTAL_URL (see the README settings table).')
  NOTIFY_PORTAL_URL: string?

  @description('Optional. REMEDIATION_LRO_POLL_MS (see the README settings table).')
  REMEDIATION_LRO_POLL_MS: string?

  @description('Optional. FEATURES_OFF (see the README settings table).')
  FEATURES_OFF: string?

  @description('Optional. NOTIFY_TEAMS_DIGEST_THRESHOLD (see the README settings table).')
  NOTIFY_TEAMS_DIGEST_THRESHOLD: string?
}

@export()
@description('The Entra app registration that protects POST /api/alerts (secure webhook).')
type alertAuthType = {
  @description('Required. Application (client) ID of the app registration.')
  clientId: string

  @description('Required. Application ID URI of the app registration: the token audience.')
  identifierUri: string
}
