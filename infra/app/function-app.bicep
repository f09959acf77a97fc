metadata name = 'Function App (Flex Consumption)'
metadata description = 'FC1 plan and a Linux Node 22 Function App running as the user-assigned identity, with identity-based host storage, Entra-authenticated Application Insights and Key Vault references resolved by the same identity.'

import { alertAuthType, tagsType } from '../types.bicep'

@description('Required. Name of the Function App (globally unique host name).')
param name string

@description('Required. Name of the Flex Consumption plan.')
param planName string

@description('Required. Azure region (one that offers Flex Consumption: `az functionapp list-flexconsumption-locations`).')
param location string

@description('Required. Resource ID of the user-assigned identity the app runs as.')
param identityResourceId string

@description('Required. Client ID of the user-assigned identity.')
param identityClientId string

@description('Required. Name of the app storage account (AzureWebJobsStorage and the deployment container).')
param storageAccountName string

@description('Required. Blob container that holds the deployment package.')
param deploymentContainerName string

@description('Required. Application Insights connection string.')
param appInsightsConnectionString string

@description('Required. The settings the app code reads (shared/config/index.ts); the host-owned settings are added here.')
param appSettings object

@description('Optional. Node.js version of the Flex runtime. Default: 22.')
@allowed([
  '20'
  '22'
])
param nodeVersion string = '22'

@description('Optional. Most instances the app scales out to. Default: 40.')
@minValue(40)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Optional. Memory of each instance in MB. Default: 2048.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('Optional. Subnet (delegated to Microsoft.App/environments) the app integrates with, so it reaches private endpoints. Empty: none.')
param virtualNetworkSubnetId string = ''

@description('Optional. Entra authentication of POST /api/alerts (secure webhook of the action groups): the app registration\'s client ID and Application ID URI. null: no App Service Authentication (the route keeps a per-function key).')
param alertAuth alertAuthType?

@description('Optional. Tags of the plan and the app (the app also gets `azd-service-name: api`).')
param tags tagsType?

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2025-03-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

// Host-owned settings only: identity-based AzureWebJobsStorage and Entra-authenticated Application Insights.
// Flex rejects or ignores FUNCTIONS_WORKER_RUNTIME, FUNCTIONS_EXTENSION_VERSION, WEBSITE_RUN_FROM_PACKAGE,
// WEBSITE_CONTENTSHARE, WEBSITE_NODE_DEFAULT_VERSION and friends: the runtime comes from functionAppConfig.runtime.
// The service URIs come from the account itself rather than from its name, so sovereign clouds (other DNS suffixes)
// work unchanged.
var hostSettings = {
  AzureWebJobsStorage__blobServiceUri: storage.properties.primaryEndpoints.blob
  AzureWebJobsStorage__queueServiceUri: storage.properties.primaryEndpoints.queue
  AzureWebJobsStorage__tableServiceUri: storage.properties.primaryEndpoints.table
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
}

resource site 'Microsoft.Web/sites@2025-03-01' = {
  name: name
  location: location
  // azd finds the deploy target of service `api` by this tag.
  tags: union(tags ?? {}, { 'azd-service-name': 'api' })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityResourceId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references (TEAMS_WEBHOOK_URL) resolve with the app identity, not a system identity it does not have.
    keyVaultReferenceIdentity: identityResourceId
    virtualNetworkSubnetId: empty(virtualNetworkSubnetId) ? null : virtualNetworkSubnetId
    siteConfig: {
      minTlsVersion: '1.2'
      // Deployment goes through azd / OneDeploy with Entra ID; FTP(S) is never used.
      ftpsState: 'Disabled'
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityResourceId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'node'
        version: nodeVersion
      }
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union(hostSettings, appSettings)
  }

  // No publishing user name and password: FTP and the SCM (Kudu) site accept Entra ID only. azd deploys with
  // Entra ID (OneDeploy), so nothing legitimate needs these.
  resource ftpBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'ftp'
    properties: {
      allow: false
    }
  }

  resource scmBasicAuth 'basicPublishingCredentialsPolicies' = {
    name: 'scm'
    properties: {
      allow: false
    }
  }
}

// App Service Authentication validates the action group's Entra token (issuer: this tenant; audience: the app
// registration) and passes the caller's claims as X-MS-CLIENT-PRINCIPAL, a header it strips from incoming requests.
// Anonymous requests still pass (AllowAnonymous) so that /api/rpo and the Event Grid webhook keep working; the alert
// route itself refuses any request without a validated principal for that audience (shared/http/alertAuth.ts).
resource authSettings 'Microsoft.Web/sites/config@2025-03-01' = if (alertAuth != null) {
  parent: site
  name: 'authsettingsV2'
  properties: {
    platform: {
      enabled: true
    }
    globalValidation: {
      requireAuthentication: false
      unauthenticatedClientAction: 'AllowAnonymous'
    }
    httpSettings: {
      requireHttps: true
    }
    identityProviders: {
      azureActiveDirectory: {
        enabled: true
        registration: {
          clientId: alertAuth!.clientId
          openIdIssuer: '${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0'
        }
        validation: {
          allowedAudiences: [
            alertAuth!.identifierUri
          ]
          defaultAuthorizationPolicy: {
            // Azure Monitor's action groups (the first-party app that sends secure webhooks).
            allowedApplications: [
              '461e8683-5575-4561-ac7f-899cc907d62a'
            ]
          }
        }
      }
    }
  }
}

@description('The resource ID of the Function App.')
output resourceId string = site.id

@description('The name of the Function App.')
output name string = site.name

@description('The default host name of the Function App.')
output defaultHostName string = site.properties.defaultHostName
