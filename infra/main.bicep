metadata name = 'Backup Autopilot for AKS'
metadata description = 'The whole stack: Flex Consumption Function App (user-assigned identity), storage, Log Analytics + Application Insights, Event Grid topic and subscriptions, Key Vault, optional ACS email, backup vault diagnostics, alert routing, backup blob tiering and least-privilege role assignments. Deployed by azd (infra/README.md).'

targetScope = 'subscription'

import { appSettingOverridesType, backupStorageType, eventGridFunctionType, privateNetworkingType, tagsType } from 'types.bicep'

// ============ //
//  Parameters  //
// ============ //

@description('Required. Name of the azd environment; seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('Required. Azure region of the resource group and the regional resources; must offer Flex Consumption.')
@minLength(1)
@metadata({
  azd: {
    type: 'location'
  }
})
param location string

@description('Optional. Object ID of the person or pipeline deploying (azd: AZURE_PRINCIPAL_ID). Gets Key Vault Secrets Officer so it can set the Teams webhook secret. Empty: no assignment.')
param principalId string = ''

@description('Optional. Kind of principal `principalId` is. Default: User.')
@allowed([
  'User'
  'ServicePrincipal'
  'Group'
])
param principalType string = 'User'

@description('Optional. Name of the resource group to create. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('Optional. Tags for every resource (azd-env-name is added).')
param tags tagsType?

@description('Optional. Subscription IDs whose backup vaults the app watches (AZURE_SUBSCRIPTION_IDS); the app identity gets Reader on each. Default: this subscription.')
param watchedSubscriptionIds string[] = []

@description('Optional. Resource IDs of the backup vaults (Microsoft.DataProtection/backupVaults, any subscription or resource group) to wire: diagnostics to the workspace, re-run rights, alert routing.')
param backupVaultResourceIds string[] = []

@description('Optional. Storage accounts holding backup blobs, each with the lifecycle (tiering) rule to manage on it.')
param backupStorageAccounts backupStorageType[] = []

@description('Optional. The app\'s Event Grid-triggered functions; each gets a subscription on the topic (only when deployEventSubscriptions). Empty while the app has none.')
param eventGridFunctions eventGridFunctionType[] = []

@description('Optional. Second pass: create what points at functions (Event Grid subscriptions, alert routing), which exist only after the code is deployed, and the custom-role assignments outside this subscription (a pass later, once the role definitions have replicated). The azd postdeploy hook sets it. Default: false.')
param deployEventSubscriptions bool = false

@description('Optional. Name of the HTTP-triggered function that ingests Azure Monitor alerts (common alert schema). Empty (until the app has it): no action group and no alert processing rule.')
param alertIngestFunctionName string = ''

@description('Optional. HTTP route of the alert-ingest function, under /api. Default: alerts.')
param alertIngestRoute string = 'alerts'

@description('Optional. The Entra app registration that protects POST /api/alerts (secure webhook): its application (client) ID. The action group gets a token for it (useAadAuth) and App Service Authentication validates that token. Empty: no alert routing is deployed (the route keeps its per-function key and is not wired to any action group).')
param alertAuthClientId string = ''

@description('Optional. Object ID of the service principal of that app registration (the action group\'s objectId for useAadAuth).')
param alertAuthObjectId string = ''

@description('Optional. Application ID URI of that app registration (the token audience, e.g. api://backup-autopilot-alerts).')
param alertAuthIdentifierUri string = ''

@description('Optional. What the alert processing rules cover (one rule in each vault subscription): the resource groups of the listed vaults, or their whole subscriptions. Default: resourceGroup.')
@allowed([
  'resourceGroup'
  'subscription'
])
param alertProcessingRuleScope string = 'resourceGroup'

@description('Optional. Deploy Azure Communication Services email (Azure-managed domain) and set ACS_EMAIL_ENDPOINT. Default: false.')
param deployEmail bool = false

@description('Optional. Data location of the email resources. Default: Europe.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param emailDataLocation string = 'Europe'

@description('Optional. Name of the Key Vault secret the operator puts the Teams Workflows webhook URL in. Default: teams-webhook-url.')
@minLength(1)
@maxLength(127)
#disable-next-line secure-secrets-in-params // the secret's name, not the secret
param teamsWebhookSecretName string = 'teams-webhook-url'

@description('Optional. Purge protection on the Key Vault: a deleted vault or secret cannot be purged before its retention ends, so the Teams webhook cannot be destroyed for good by one identity. Irreversible; the vault name stays reserved 90 days after `azd down`. Default: true.')
param keyVaultEnablePurgeProtection bool = true

@description('Optional. Private endpoints for the app storage account, the Key Vault and the Event Grid topic in a new virtual network, with their public network access off (the storage account still admits trusted Azure services: Event Grid dead-lettering), and the Function App integrated into it. The Function App itself stays reachable (Event Grid and Azure Monitor call it); Application Insights ingestion stays public. Default: off.')
param privateNetworking privateNetworkingType = {
  enabled: false
}

@description('Optional. Days the Log Analytics workspace keeps data. Default: 30.')
@minValue(30)
@maxValue(730)
param logAnalyticsRetentionInDays int = 30

@description('Optional. Most Flex Consumption instances. Default: 40.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory per instance in MB. Default: 2048.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. When the fleet RPO check runs (RPO_CHECK_SCHEDULE): NCRONTAB with seconds, UTC. The timer binds it as %RPO_CHECK_SCHEDULE%, so the setting must exist. Default: every 15 minutes.')
param rpoCheckSchedule string = '0 */15 * * * *'

@description('Optional. Values for the settings this template leaves to the code\'s defaults (infra/app-settings-defaulted.json; only those, see appSettingOverridesType), e.g. { "HTTP_MAX_RETRIES": "6", "LOG_ANALYTICS_ENDPOINT": "https://api.loganalytics.azure.cn/v1" }. Applied last.')
param appSettingOverrides appSettingOverridesType = {}

// ============ //
//  Variables   //
// ============ //

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var allTags = union(tags ?? {}, { 'azd-env-name': environmentName })

var names = {
  resourceGroup: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  identity: 'id-${resourceToken}'
  storage: 'st${resourceToken}'
  workspace: 'log-${resourceToken}'
  appInsights: 'appi-${resourceToken}'
  topic: 'evgt-${resourceToken}'
  keyVault: 'kv-${resourceToken}'
  plan: 'plan-${resourceToken}'
  functionApp: 'func-${resourceToken}'
  emailService: 'ecs-${resourceToken}'
  communicationService: 'acs-${resourceToken}'
  actionGroup: 'ag-${resourceToken}'
  alertProcessingRule: 'apr-${resourceToken}'
  vnet: 'vnet-${resourceToken}'
  diagnosticSetting: 'backup-autopilot-${environmentName}'
}

var containers = {
  // The Functions host's own containers, made here so it needs no right to create containers.
  hosts: 'azure-webjobs-hosts'
  secrets: 'azure-webjobs-secrets'
  deployment: 'app-package'
  state: 'state'
  deadLetter: 'deadletter'
}

var watched = empty(watchedSubscriptionIds) ? [subscription().subscriptionId] : watchedSubscriptionIds

// Resource IDs split on '/': [2] subscription, [4] resource group, [8] name.
var vaultResourceGroupIds = union(
  map(backupVaultResourceIds, id => '/subscriptions/${split(id, '/')[2]}/resourceGroups/${split(id, '/')[4]}'),
  []
)
var vaultSubscriptionIds = union(map(backupVaultResourceIds, id => split(id, '/')[2]), [])

var alertAuthOn = !empty(alertAuthClientId) && !empty(alertAuthObjectId) && !empty(alertAuthIdentifierUri)
// Only through a secure webhook (Entra token, useAadAuth): never a URL with a function key in it.
var deployAlertRouting = deployEventSubscriptions && alertAuthOn && !empty(alertIngestFunctionName) && !empty(backupVaultResourceIds)

// An alert processing rule covers only resources of its own subscription, so each vault subscription gets its own
// rule (and action group), in the resource group of its first listed vault.
var alertRoutingTargets = map(vaultSubscriptionIds, sub => {
  subscriptionId: sub
  resourceGroupName: split(filter(backupVaultResourceIds, id => toLower(split(id, '/')[2]) == toLower(sub))[0], '/')[4]
  scopes: alertProcessingRuleScope == 'subscription'
    ? ['/subscriptions/${sub}']
    : filter(vaultResourceGroupIds, id => toLower(split(id, '/')[2]) == toLower(sub))
})

// A custom role is defined in this subscription; assigning it in another one in the same deployment can fail with
// RoleDefinitionDoesNotExist while the definition replicates. Those assignments wait for the second pass, which the
// postdeploy hook retries (infra/hooks/postdeploy.sh).
var assignCustomRolesIn = map(
  deployEventSubscriptions ? vaultSubscriptionIds : [subscription().subscriptionId],
  id => toLower(id)
)

// ARM without the trailing slash, for this cloud (sovereign clouds differ).
var armEndpoint = endsWith(environment().resourceManager, '/')
  ? take(environment().resourceManager, max(length(environment().resourceManager) - 1, 0))
  : environment().resourceManager

var builtInRoles = loadJsonContent('role-actions.json').builtInRoles

// ============ //
//  Resources   //
// ============ //

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: allTags
}

module customRoles 'modules/custom-roles.bicep' = {
  name: 'roles-${resourceToken}'
  params: {
    environmentName: environmentName
    assignableSubscriptionIds: union([subscription().subscriptionId], vaultSubscriptionIds)
  }
}

// Role name -> role definition GUID, for every role assignment below.
var roleDefinitionGuids = union(
  toObject(items(builtInRoles), role => role.key, role => role.value.id),
  toObject(customRoles.outputs.roles, role => role.name, role => role.guid)
)

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: allTags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    workspaceName: names.workspace
    appInsightsName: names.appInsights
    location: location
    retentionInDays: logAnalyticsRetentionInDays
    roleDefinitionGuids: roleDefinitionGuids
    workspaceRoleAssignments: [
      {
        // Failure detection: KQL over AddonAzureBackupJobs (LogsQueryClient, LOG_ANALYTICS_WORKSPACE_ID).
        roleName: 'Log Analytics Reader'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        description: 'Backup Autopilot: Log Analytics KQL over the backup vault diagnostics'
      }
    ]
    appInsightsRoleAssignments: [
      {
        // Functions host telemetry with Entra auth (APPLICATIONINSIGHTS_AUTHENTICATION_STRING; local auth is off).
        roleName: 'Monitoring Metrics Publisher'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        description: 'Backup Autopilot: Functions host telemetry to Application Insights'
      }
    ]
    tags: allTags
  }
}

module topic 'app/event-grid-topic.bicep' = {
  name: 'event-grid-topic'
  scope: rg
  params: {
    name: names.topic
    location: location
    publicNetworkAccess: !privateNetworking.enabled
    roleDefinitionGuids: roleDefinitionGuids
    roleAssignments: [
      {
        // Detected failures published to the remediation functions (EventGridPublisherClient, EVENTGRID_TOPIC_ENDPOINT).
        roleName: 'EventGrid Data Sender'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        description: 'Backup Autopilot: publish detected failures to the topic'
      }
    ]
    tags: allTags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    publicNetworkAccess: !privateNetworking.enabled
    containerNames: [
      containers.hosts
      containers.secrets
      containers.deployment
      containers.state
      containers.deadLetter
    ]
    roleDefinitionGuids: roleDefinitionGuids
    // Each principal on the containers it uses, nothing account-wide.
    containerRoleAssignments: [
      {
        // Functions host (AzureWebJobsStorage__*): timer schedule monitors and singleton locks (blob leases).
        containerName: containers.hosts
        assignment: {
          roleName: 'Storage Blob Data Owner'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Functions host: timer and singleton leases'
        }
      }
      {
        // Functions host: function and host keys (AzureWebJobsSecretStorageType blob, the default).
        containerName: containers.secrets
        assignment: {
          roleName: 'Storage Blob Data Owner'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Functions host: function keys'
        }
      }
      {
        // Flex Consumption fetches (and OneDeploy uploads) the package with the app identity (functionAppConfig.deployment).
        containerName: containers.deployment
        assignment: {
          roleName: 'Storage Blob Data Contributor'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Flex Consumption deployment package'
        }
      }
      {
        // shared/adapters/storage/stateStore.ts: ETag-conditional state documents.
        containerName: containers.state
        assignment: {
          roleName: 'Storage Blob Data Contributor'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: state documents'
        }
      }
      {
        // Event Grid dead-letters undeliverable events with the topic identity (deadLetterWithResourceIdentity).
        containerName: containers.deadLetter
        assignment: {
          roleName: 'Storage Blob Data Contributor'
          principalId: topic.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Event Grid dead letters'
        }
      }
    ]
    tags: allTags
  }
}

module keyVault 'app/key-vault.bicep' = {
  name: 'key-vault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    publicNetworkAccess: !privateNetworking.enabled
    teamsWebhookSecretName: teamsWebhookSecretName
    enablePurgeProtection: keyVaultEnablePurgeProtection
    roleDefinitionGuids: roleDefinitionGuids
    roleAssignments: concat(
      [
        {
          // The platform resolves the TEAMS_WEBHOOK_URL Key Vault reference with the app identity (keyVaultReferenceIdentity).
          roleName: 'Key Vault Secrets User'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Key Vault reference for TEAMS_WEBHOOK_URL'
        }
      ],
      empty(principalId)
        ? []
        : [
            {
              // The operator sets the Teams webhook secret once after provisioning (infra/README.md).
              roleName: 'Key Vault Secrets Officer'
              principalId: principalId
              principalType: principalType
              description: 'Backup Autopilot: deployer sets the Teams webhook secret'
            }
          ]
    )
    tags: allTags
  }
}

module email 'app/email.bicep' = if (deployEmail) {
  name: 'email'
  scope: rg
  params: {
    emailServiceName: names.emailService
    communicationServiceName: names.communicationService
    dataLocation: emailDataLocation
    roleDefinitionGuids: roleDefinitionGuids
    roleAssignments: [
      {
        // Email notifications through ACS_EMAIL_ENDPOINT with the app identity: send only, no keys, no management.
        roleName: 'Backup Autopilot Email Sender'
        principalId: identity.outputs.principalId
        principalType: 'ServicePrincipal'
        description: 'Backup Autopilot: send notification email'
      }
    ]
    tags: allTags
  }
}

// Every setting shared/config/index.ts reads (SETTING_NAMES) is either here or listed, with its reason, in
// app-settings-defaulted.json; test/infra/parity.test.ts checks both ways.
var appSettings = {
  AZURE_SUBSCRIPTION_IDS: join(watched, ',')
  AZURE_AUTH_MODE: 'managedIdentity'
  AZURE_CLIENT_ID: identity.outputs.clientId
  ARM_ENDPOINT: armEndpoint
  ARM_AUDIENCE: armEndpoint
  LOG_ANALYTICS_WORKSPACE_ID: monitoring.outputs.workspaceCustomerId
  EVENTGRID_TOPIC_ENDPOINT: topic.outputs.endpoint
  TEAMS_WEBHOOK_URL: keyVault.outputs.teamsWebhookReference
  ACS_EMAIL_ENDPOINT: deployEmail ? email!.outputs.endpoint : ''
  STATE_BLOB_SERVICE_URL: storage.outputs.blobEndpoint
  STATE_CONTAINER: containers.state
  RPO_CHECK_SCHEDULE: rpoCheckSchedule
  // Timers bind these as %NAME%: the host refuses to index a function whose schedule setting is missing.
  JOB_WATCH_SCHEDULE: '0 */5 * * * *'
  JOB_LOGS_SCHEDULE: '0 */15 * * * *'
  RERUN_FOLLOW_SCHEDULE: '30 */5 * * * *'
  NOTIFY_OUTBOX_SCHEDULE: '0 * * * * *'
  // The Azure-managed domain's sender; the recipients (NOTIFY_EMAIL_TO) come from the operator.
  NOTIFY_EMAIL_SENDER: deployEmail ? 'DoNotReply@${email!.outputs.senderDomain}' : ''
  // POST /api/alerts checks the principal App Service Authentication validated (shared/http/alertAuth.ts).
  ALERT_AUTH_AUDIENCE: alertAuthOn ? alertAuthIdentifierUri : ''
  ALERT_AUTH_TENANT_ID: alertAuthOn ? tenant().tenantId : ''
}

module network 'app/network.bicep' = if (privateNetworking.enabled) {
  name: 'network'
  scope: rg
  params: {
    name: names.vnet
    location: location
    addressPrefix: privateNetworking.?addressPrefix ?? '10.80.0.0/24'
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    topicName: topic.outputs.name
    eventGridPrivateDnsZone: privateNetworking.?eventGridPrivateDnsZone ?? 'privatelink.eventgrid.azure.net'
    tags: allTags
  }
}

module functionApp 'app/function-app.bicep' = {
  name: 'function-app'
  scope: rg
  params: {
    name: names.functionApp
    planName: names.plan
    location: location
    identityResourceId: identity.outputs.resourceId
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: containers.deployment
    appInsightsConnectionString: monitoring.outputs.appInsightsConnectionString
    appSettings: union(appSettings, appSettingOverrides)
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    virtualNetworkSubnetId: privateNetworking.enabled ? network!.outputs.appSubnetResourceId : ''
    alertAuth: alertAuthOn
      ? {
          clientId: alertAuthClientId
          identifierUri: alertAuthIdentifierUri
        }
      : null
    tags: allTags
  }
}

module eventSubscriptions 'app/event-subscriptions.bicep' = if (deployEventSubscriptions && !empty(eventGridFunctions)) {
  name: 'event-subscriptions'
  scope: rg
  params: {
    topicName: topic.outputs.name
    functionAppName: functionApp.outputs.name
    functions: eventGridFunctions
    deadLetterStorageAccountResourceId: storage.outputs.resourceId
    deadLetterContainerName: containers.deadLetter
  }
}

module alertRouting 'app/alert-routing.bicep' = [
  for target in alertRoutingTargets: if (deployAlertRouting) {
    name: 'alerts-${resourceToken}-${uniqueString(target.subscriptionId)}'
    scope: resourceGroup(target.subscriptionId, target.resourceGroupName)
    params: {
      actionGroupName: names.actionGroup
      actionGroupShortName: 'bkpautopilot'
      alertProcessingRuleName: names.alertProcessingRule
      receiverName: alertIngestFunctionName
      serviceUri: 'https://${functionApp.outputs.defaultHostName}/api/${alertIngestRoute}'
      aadObjectId: alertAuthObjectId
      aadIdentifierUri: alertAuthIdentifierUri
      scopes: target.scopes
      tags: allTags
    }
  }
]

// Cross-scope wiring: the watched subscriptions, vaults and backup storage live anywhere.

module subscriptionRbac 'modules/subscription-rbac.bicep' = [
  for subscriptionId in watched: {
    name: 'reader-${resourceToken}-${uniqueString(subscriptionId)}'
    scope: subscription(subscriptionId)
    params: {
      roleDefinitionGuids: roleDefinitionGuids
      roleAssignments: [
        {
          // Resource Graph (shared/adapters/arm/resourceGraph.ts) and subscription-wide vault listing (dataProtection listVaults).
          roleName: 'Reader'
          principalId: identity.outputs.principalId
          principalType: 'ServicePrincipal'
          description: 'Backup Autopilot: Resource Graph and backup vault inventory'
        }
      ]
    }
  }
]

module backupVaults 'modules/backup-vault.bicep' = [
  for vaultId in backupVaultResourceIds: {
    name: 'vault-${resourceToken}-${uniqueString(vaultId)}'
    scope: resourceGroup(split(vaultId, '/')[2], split(vaultId, '/')[4])
    params: {
      vaultName: split(vaultId, '/')[8]
      workspaceResourceId: monitoring.outputs.workspaceResourceId
      diagnosticSettingName: names.diagnosticSetting
      roleDefinitionGuids: roleDefinitionGuids
      roleAssignments: contains(assignCustomRolesIn, toLower(split(vaultId, '/')[2]))
        ? [
            {
              // Backup inventory, RPO and re-run of failed backups (shared/adapters/dataProtection/client.ts). No restore
              // rights: the restore drill has not shipped, and nothing is granted before the code that needs it.
              roleName: 'Backup Autopilot Backup Operator'
              principalId: identity.outputs.principalId
              principalType: 'ServicePrincipal'
              description: 'Backup Autopilot: read backup state, re-run failed backups'
            }
          ]
        : []
    }
  }
]

module backupStorage 'modules/backup-storage.bicep' = [
  for account in backupStorageAccounts: {
    name: 'tiering-${resourceToken}-${uniqueString(account.storageAccountResourceId)}'
    scope: resourceGroup(split(account.storageAccountResourceId, '/')[2], split(account.storageAccountResourceId, '/')[4])
    params: {
      storageAccountName: split(account.storageAccountResourceId, '/')[8]
      prefixMatch: account.prefixMatch
      coolAfterDays: account.?coolAfterDays ?? 30
      enableArchive: account.?enableArchive ?? true
      archiveAfterDays: account.?archiveAfterDays ?? 90
      enableDelete: account.?enableDelete ?? true
      deleteAfterDays: account.?deleteAfterDays ?? 365
      roleDefinitionGuids: roleDefinitionGuids
      containerNames: account.?containers ?? union(map(account.prefixMatch, p => split(p, '/')[0]), [])
      keepRules: account.?keepRules ?? []
      roleAssignments: concat(
        [
          {
            // Blob-landed backups (RPO_BLOB_SOURCES): list and read the sources' containers (shared/adapters/storage/blobSources.ts).
            roleName: 'Storage Blob Data Reader'
            principalId: identity.outputs.principalId
            principalType: 'ServicePrincipal'
            description: 'Backup Autopilot: read blob-landed backups'
          }
        ],
        (account.?appTiering ?? false)
          ? [
              {
                // The app's own tiering (Set Blob Tier, Delete in Blob Batch) on these containers only, when switched on.
                roleName: 'Storage Blob Data Contributor'
                principalId: identity.outputs.principalId
                principalType: 'ServicePrincipal'
                description: 'Backup Autopilot: tier backup blobs'
              }
            ]
          : []
      )
    }
  }
]

// ============ //
//   Outputs    //
// ============ //

@description('The region of the deployment (azd).')
output AZURE_LOCATION string = location

@description('The tenant of the deployment (azd).')
output AZURE_TENANT_ID string = tenant().tenantId

@description('The resource group holding the app (azd).')
output AZURE_RESOURCE_GROUP string = rg.name

@description('The name of the Function App that serves service `api`.')
output SERVICE_API_NAME string = functionApp.outputs.name

@description('The base URL of the Function App.')
output SERVICE_API_URI string = 'https://${functionApp.outputs.defaultHostName}'

@description('The client ID of the app identity (the app\'s AZURE_CLIENT_ID setting; not named AZURE_CLIENT_ID so azd hooks and local tools do not pick it up).')
output AZURE_APP_IDENTITY_CLIENT_ID string = identity.outputs.clientId

@description('The principal ID of the app identity.')
output AZURE_APP_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId

@description('The name of the Key Vault that holds the Teams webhook secret.')
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name

@description('The name of the Key Vault secret the operator sets to the Teams Workflows webhook URL.')
#disable-next-line outputs-should-not-contain-secrets // a secret's name, not its value
output TEAMS_WEBHOOK_SECRET_NAME string = teamsWebhookSecretName

@description('The name of the app storage account.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('The workspace (customer) GUID of Log Analytics.')
output LOG_ANALYTICS_WORKSPACE_ID string = monitoring.outputs.workspaceCustomerId

@description('The Event Grid topic endpoint.')
output EVENTGRID_TOPIC_ENDPOINT string = topic.outputs.endpoint

@description('The Communication Services endpoint (empty without email).')
output ACS_EMAIL_ENDPOINT string = deployEmail ? email!.outputs.endpoint : ''

@description('The sender domain for email (empty without email): DoNotReply@<domain>.')
output ACS_EMAIL_SENDER_DOMAIN string = deployEmail ? email!.outputs.senderDomain : ''

@description('Whether the azd postdeploy hook has a second pass to run (Event Grid subscriptions, alert routing or custom-role assignments in other subscriptions).')
output POSTDEPLOY_PROVISION_NEEDED bool = !empty(eventGridFunctions) || (alertAuthOn && !empty(alertIngestFunctionName) && !empty(backupVaultResourceIds)) || !empty(filter(
  vaultSubscriptionIds,
  id => toLower(id) != toLower(subscription().subscriptionId)
))

@description('The Event Grid subscriptions deployed by this run (second pass only).')
output EVENT_SUBSCRIPTION_NAMES string[] = deployEventSubscriptions && !empty(eventGridFunctions)
  ? eventSubscriptions!.outputs.names
  : []
