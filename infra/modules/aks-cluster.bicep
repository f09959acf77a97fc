metadata name = 'AKS cluster role assignments'
metadata description = 'The app\'s role assignments on one existing AKS cluster (any subscription or resource group).'

import { roleAssignmentType } from '../types.bicep'

@description('Required. Name of the existing AKS cluster in this resource group.')
param clusterName string

@description('Required. Role assignments on the cluster.')
param roleAssignments roleAssignmentType[]

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

resource cluster 'Microsoft.ContainerService/managedClusters@2026-08-01' existing = {
  name: clusterName
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(cluster.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: cluster
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
