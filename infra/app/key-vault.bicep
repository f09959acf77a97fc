metadata name = 'Key Vault'
metadata description = 'RBAC Key Vault for the Teams webhook URL. The secret itself is never in Bicep: the operator sets it once (infra/README.md), so a re-provision never overwrites it.'

import { roleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the Key Vault (3-24 characters, globally unique).')
@minLength(3)
@maxLength(24)
param name string

@description('Required. Azure region.')
param location string

@description('Required. Name of the secret that holds the Teams Workflows webhook URL.')
@minLength(1)
@maxLength(127)
#disable-next-line secure-secrets-in-params // the secret's name, not the secret
param teamsWebhookSecretName string

@description('Optional. Turn on purge protection (irreversible; the name then stays reserved for 90 days after `azd down`). Default: true.')
param enablePurgeProtection bool = true

@description('Optional. Role assignments on the vault.')
param roleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

@description('Optional. Accept traffic from public networks; false with private endpoints (main.bicep privateNetworking). Default: true.')
param publicNetworkAccess bool = true

@description('Optional. Tags of the vault.')
param tags tagsType?

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // The API rejects an explicit false once enabled; null leaves it off.
    enablePurgeProtection: enablePurgeProtection ? true : null
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
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

@description('The resource ID of the vault.')
output resourceId string = vault.id

@description('The name of the vault.')
output name string = vault.name

@description('The app setting value for TEAMS_WEBHOOK_URL: a versionless Key Vault reference, so a rotated secret is picked up.')
output teamsWebhookReference string = '@Microsoft.KeyVault(SecretUri=${vault.properties.vaultUri}secrets/${teamsWebhookSecretName})'
