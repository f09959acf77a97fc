metadata name = 'Subscription role assignments'
metadata description = 'Role assignments at the scope of one watched subscription (Reader for Resource Graph and vault inventory).'

targetScope = 'subscription'

import { roleAssignmentType } from '../types.bicep'

@description('Required. Role assignments on the subscription.')
param roleAssignments roleAssignmentType[]

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(subscription().id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The resource IDs of the role assignments.')
output roleAssignmentIds string[] = [for (assignment, i) in roleAssignments: roleAssignment[i].id]
