metadata name = 'Backup storage tiering'
metadata description = 'Lifecycle management policy (Cool, Archive, delete by age; prefix-scoped) on one existing storage account holding backups, and the app\'s role assignments on it. The policy replaces any other lifecycle policy on that account.'

import { roleAssignmentType } from '../types.bicep'

@description('Required. Name of the existing storage account in this resource group.')
param storageAccountName string

@description('Required. Blob prefixes the rule applies to, each starting with the container name.')
@minLength(1)
@maxLength(10)
param prefixMatch string[]

@description('Optional. Days after last modification before a blob moves to Cool. Default: 30.')
@minValue(0)
param coolAfterDays int = 30

@description('Optional. Move blobs to Archive. Default: true.')
param enableArchive bool = true

@description('Optional. Days after last modification before a blob moves to Archive. Default: 90.')
@minValue(0)
param archiveAfterDays int = 90

@description('Optional. Delete blobs by age. Default: true.')
param enableDelete bool = true

@description('Optional. Days after last modification before a blob is deleted. Default: 365.')
@minValue(1)
param deleteAfterDays int = 365

@description('Optional. Role assignments on the storage account.')
param roleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource lifecyclePolicy 'Microsoft.Storage/storageAccounts/managementPolicies@2026-09-01' = {
  parent: account
  // The only name the API accepts.
  name: 'default'
  properties: {
    policy: {
      rules: [
        {
          name: 'backup-autopilot-tiering'
          enabled: true
          type: 'Lifecycle'
          definition: {
            filters: {
              blobTypes: [
                'blockBlob'
              ]
              prefixMatch: prefixMatch
            }
            actions: {
              baseBlob: union(
                {
                  tierToCool: {
                    daysAfterModificationGreaterThan: coolAfterDays
                  }
                },
                enableArchive
                  ? {
                      tierToArchive: {
                        daysAfterModificationGreaterThan: archiveAfterDays
                      }
                    }
                  : {},
                enableDelete
                  ? {
                      delete: {
                        daysAfterModificationGreaterThan: deleteAfterDays
                      }
                    }
                  : {}
              )
            }
          }
        }
      ]
    }
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(account.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: account
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The resource ID of the lifecycle policy.')
output lifecyclePolicyResourceId string = lifecyclePolicy.id
