metadata name = 'App storage'
metadata description = 'The app\'s storage account (shared keys off, TLS 1.2, no public blob access), its containers (Functions host, deployment package, state, dead letters) and container-scoped role assignments.'

import { containerRoleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Blob containers to create.')
@minLength(1)
param containerNames string[]

@description('Optional. Role assignments, each on one of containerNames: no principal gets a role on the whole account, so the runtime cannot reach a container it does not use.')
param containerRoleAssignments containerRoleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

@description('Optional. Accept traffic from public networks; false with private endpoints (main.bicep privateNetworking). Default: true.')
param publicNetworkAccess bool = true

@description('Optional. Tags of the storage account.')
param tags tagsType?

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    // Private: reachable through the private endpoints, plus trusted Azure services with their own identity (Event
    // Grid dead-lettering with deadLetterWithResourceIdentity); everything else is denied.
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: publicNetworkAccess ? 'Allow' : 'Deny'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2026-09-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: {
      publicAccess: 'None'
    }
  }
]

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in containerRoleAssignments: {
    name: guid(container[indexOf(containerNames, grant.containerName)].id, grant.assignment.principalId, roleDefinitionGuids[grant.assignment.roleName])
    scope: container[indexOf(containerNames, grant.containerName)]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[grant.assignment.roleName])
      principalId: grant.assignment.principalId
      principalType: grant.assignment.principalType
      description: grant.assignment.description
    }
  }
]

@description('The resource ID of the storage account.')
output resourceId string = storage.id

@description('The name of the storage account.')
output name string = storage.name

@description('The blob endpoint, with a trailing slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob
