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
@description('App settings by name: string values only, as App Service stores them.')
type appSettingOverridesType = {
  *: string
}
