metadata name = 'Event Grid topic'
metadata description = 'Custom topic (CloudEvents 1.0 input, Entra ID only) the app publishes detected failures to.'

import { roleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the topic.')
@minLength(3)
@maxLength(50)
param name string

@description('Required. Azure region.')
param location string

@description('Optional. Role assignments on the topic.')
param roleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

@description('Optional. Accept traffic from public networks; false with private endpoints (main.bicep privateNetworking). Default: true.')
param publicNetworkAccess bool = true

@description('Optional. Tags of the topic.')
param tags tagsType?

resource topic 'Microsoft.EventGrid/topics@2025-02-15' = {
  name: name
  location: location
  tags: tags
  // System identity: dead-letters undeliverable events into the app storage (deadLetterWithResourceIdentity).
  identity: {
    type: 'SystemAssigned'
  }
  properties: {
    inputSchema: 'CloudEventSchemaV1_0'
    disableLocalAuth: true
    publicNetworkAccess: publicNetworkAccess ? 'Enabled' : 'Disabled'
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(topic.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: topic
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The resource ID of the topic.')
output resourceId string = topic.id

@description('The name of the topic.')
output name string = topic.name

@description('The publishing endpoint (EVENTGRID_TOPIC_ENDPOINT).')
output endpoint string = topic.properties.endpoint

@description('The principal ID of the topic\'s system identity (dead-lettering).')
output principalId string = topic.identity.principalId
