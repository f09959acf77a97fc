metadata name = 'Backup storage tiering'
metadata description = 'Lifecycle management policy (Cool, Archive, delete by age; prefix-scoped) on one existing storage account holding backups, merged with the rules it already has, and the app\'s container-scoped role assignments on it.'

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

@description('Required. Containers the role assignments apply to (main.bicep: `containers`, or those prefixMatch names).')
@minLength(1)
param containerNames string[]

@description('Optional. Role assignments made on each of containerNames (never on the account).')
param roleAssignments roleAssignmentType[] = []

@description('Optional. The account\'s other lifecycle rules, kept in the policy as they are (a rule named like ours is replaced). Default: none.')
param keepRules object[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

resource account 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource container 'containers' existing = [
      for name in containerNames: {
        name: name
      }
    ]
  }
}

var ruleName = 'backup-autopilot-tiering'
// One grant per (container, assignment): data roles at container scope, so the app reaches only what it names.
var grants = flatten(map(range(0, length(containerNames)), i => map(roleAssignments, a => { index: i, assignment: a })))

resource lifecyclePolicy 'Microsoft.Storage/storageAccounts/managementPolicies@2026-09-01' = {
  parent: account
  // The only name the API accepts.
  name: 'default'
  properties: {
    policy: {
      rules: concat(filter(keepRules, r => r.?name != ruleName), [
        {
          name: ruleName
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
      ])
    }
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for grant in grants: {
    name: guid(account::blobService::container[grant.index].id, grant.assignment.principalId, roleDefinitionGuids[grant.assignment.roleName])
    scope: account::blobService::container[grant.index]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[grant.assignment.roleName])
      principalId: grant.assignment.principalId
      principalType: grant.assignment.principalType
      description: grant.assignment.description
    }
  }
]

@description('The resource ID of the lifecycle policy.')
output lifecyclePolicyResourceId string = lifecyclePolicy.id
