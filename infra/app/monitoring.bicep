metadata name = 'Monitoring'
metadata description = 'Log Analytics workspace (backup vault diagnostics land here, the app queries it) and workspace-based Application Insights with local auth disabled.'

import { roleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the Log Analytics workspace.')
param workspaceName string

@description('Required. Name of the Application Insights component.')
param appInsightsName string

@description('Required. Azure region.')
param location string

@description('Optional. Days the workspace keeps data. Default: 30.')
@minValue(30)
@maxValue(730)
param retentionInDays int = 30

@description('Optional. Role assignments on the workspace.')
param workspaceRoleAssignments roleAssignmentType[] = []

@description('Optional. Role assignments on the Application Insights component.')
param appInsightsRoleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

@description('Optional. Tags of the resources.')
param tags tagsType?

resource workspace 'Microsoft.OperationalInsights/workspaces@2026-03-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: retentionInDays
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    // Entra ID only: the host authenticates with APPLICATIONINSIGHTS_AUTHENTICATION_STRING (the app identity).
    DisableLocalAuth: true
  }
}

resource workspaceRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in workspaceRoleAssignments: {
    name: guid(workspace.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: workspace
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

resource appInsightsRoleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in appInsightsRoleAssignments: {
    name: guid(appInsights.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: appInsights
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The resource ID of the Log Analytics workspace.')
output workspaceResourceId string = workspace.id

@description('The workspace (customer) GUID the query API takes (LOG_ANALYTICS_WORKSPACE_ID).')
output workspaceCustomerId string = workspace.properties.customerId

@description('The name of the Application Insights component.')
output appInsightsName string = appInsights.name

@description('The connection string of the Application Insights component (no key: local auth is off).')
output appInsightsConnectionString string = appInsights.properties.ConnectionString
