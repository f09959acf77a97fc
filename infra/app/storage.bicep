metadata name = 'App storage'
metadata description = 'The app\'s storage account (shared keys off, TLS 1.2, no public blob access) and its containers: deployment package, state, evidence and dead letters.'

import { roleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the storage account (3-24 lowercase letters and digits).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Blob containers to create.')
@minLength(1)
param containerNames string[]

@description('Required. The container Event Grid dead-letters into; must be one of containerNames.')
param deadLetterContainerName string

@description('Optional. Role assignments on the storage account.')
param roleAssignments roleAssignmentType[] = []

@description('Optional. Role assignments on the dead-letter container only.')
param deadLetterRoleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

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
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      bypass: 'AzureServices'
      defaultAction: 'Allow'
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

resource deadLetterContainer 'Microsoft.Storage/storageAccounts/blobServices/containers@2026-09-01' existing = {
  parent: blobService
  name: deadLetterContainerName
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(storage.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

resource deadLetterRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in deadLetterRoleAssignments: {
    name: guid(deadLetterContainer.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: deadLetterContainer
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
    dependsOn: [
      container
    ]
  }
]

@description('The resource ID of the storage account.')
output resourceId string = storage.id

@description('The name of the storage account.')
output name string = storage.name

@description('The blob endpoint, with a trailing slash.')
output blobEndpoint string = storage.properties.primaryEndpoints.blob
