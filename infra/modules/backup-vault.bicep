metadata name = 'Backup vault wiring'
metadata description = 'For one existing Azure Backup vault (any subscription or resource group): diagnostic settings to the app workspace in resource-specific mode, and the app\'s role assignments on the vault.'

import { roleAssignmentType } from '../types.bicep'

@description('Required. Name of the existing backup vault (Microsoft.DataProtection/backupVaults) in this resource group.')
param vaultName string

@description('Required. Resource ID of the Log Analytics workspace that receives the diagnostics.')
param workspaceResourceId string

@description('Required. Name of the diagnostic setting (unique on the vault).')
param diagnosticSettingName string

@description('Optional. Log categories to send; each becomes a resource-specific table. Default: all four backup vault categories.')
@allowed([
  'CoreAzureBackup'
  'AddonAzureBackupJobs'
  'AddonAzureBackupPolicy'
  'AddonAzureBackupProtectedInstance'
])
param logCategories string[] = [
  'CoreAzureBackup'
  'AddonAzureBackupJobs'
  'AddonAzureBackupPolicy'
  'AddonAzureBackupProtectedInstance'
]

@description('Optional. Role assignments on the vault.')
param roleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

resource vault 'Microsoft.DataProtection/backupVaults@2026-07-01' existing = {
  name: vaultName
}

// The newest version of this type, and the only one with logAnalyticsDestinationType (resource-specific tables such
// as AddonAzureBackupJobs); the only GA version, 2016-09-01, lacks it and would send everything to AzureDiagnostics.
#disable-next-line use-recent-api-versions
resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: diagnosticSettingName
  scope: vault
  properties: {
    workspaceId: workspaceResourceId
    // Resource-specific tables (AddonAzureBackupJobs, ...), which the app's KQL queries read.
    logAnalyticsDestinationType: 'Dedicated'
    logs: [
      for category in logCategories: {
        category: category
        enabled: true
      }
    ]
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(vault.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: vault
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The resource ID of the diagnostic setting.')
output diagnosticSettingResourceId string = diagnostics.id
