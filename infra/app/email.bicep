metadata name = 'Email (Azure Communication Services)'
metadata description = 'Email service with an Azure-managed domain and the Communication Services resource linked to it; all global.'

import { roleAssignmentType, tagsType } from '../types.bicep'

@description('Required. Name of the email service.')
param emailServiceName string

@description('Required. Name of the Communication Services resource (globally unique).')
param communicationServiceName string

@description('Required. Where the email and communication data is stored at rest.')
@allowed([
  'Africa'
  'Asia Pacific'
  'Australia'
  'Brazil'
  'Canada'
  'Europe'
  'France'
  'Germany'
  'India'
  'Japan'
  'Korea'
  'Norway'
  'Switzerland'
  'UAE'
  'UK'
  'United States'
])
param dataLocation string

@description('Optional. Role assignments on the Communication Services resource.')
param roleAssignments roleAssignmentType[] = []

@description('Required. Role definition GUIDs by role name (built-in and this template\'s custom roles).')
param roleDefinitionGuids object

@description('Optional. Tags of the resources.')
param tags tagsType?

resource emailService 'Microsoft.Communication/emailServices@2026-03-18' = {
  name: emailServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
  }
}

resource domain 'Microsoft.Communication/emailServices/domains@2026-03-18' = {
  parent: emailService
  name: 'AzureManagedDomain'
  location: 'global'
  tags: tags
  properties: {
    domainManagement: 'AzureManaged'
    userEngagementTracking: 'Disabled'
  }
}

resource communicationService 'Microsoft.Communication/communicationServices@2026-03-18' = {
  name: communicationServiceName
  location: 'global'
  tags: tags
  properties: {
    dataLocation: dataLocation
    // Entra ID only: no access keys or connection strings (the app sends with its identity).
    disableLocalAuth: true
    linkedDomains: [
      domain.id
    ]
  }
}

resource roleAssignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for assignment in roleAssignments: {
    name: guid(communicationService.id, assignment.principalId, roleDefinitionGuids[assignment.roleName])
    scope: communicationService
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roleDefinitionGuids[assignment.roleName])
      principalId: assignment.principalId
      principalType: assignment.principalType
      description: assignment.description
    }
  }
]

@description('The Communication Services endpoint (ACS_EMAIL_ENDPOINT).')
output endpoint string = 'https://${communicationService.properties.hostName}'

@description('The sender domain of the Azure-managed domain: mail goes out as DoNotReply@<this>.')
output senderDomain string = domain.properties.mailFromSenderDomain

@description('The resource ID of the Communication Services resource.')
output resourceId string = communicationService.id
