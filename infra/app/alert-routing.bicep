metadata name = 'Alert routing'
metadata description = 'Action group that calls the app\'s alert-ingest function through a secure webhook (Entra token, common alert schema), and an alert processing rule that adds it to every alert fired on the backup vaults in scope. Deploy only once the function exists (second pass).'

import { tagsType } from '../types.bicep'

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Short name of the action group (at most 12 characters; shown in notifications).')
@maxLength(12)
param actionGroupShortName string

@description('Required. Name of the alert processing rule.')
param alertProcessingRuleName string

@description('Required. Name of the webhook receiver (the alert-ingest function\'s name).')
param receiverName string

@description('Required. HTTPS URL of the alert-ingest route, without any key.')
param serviceUri string

@description('Required. Object ID of the service principal of the app registration that protects the route.')
param aadObjectId string

@description('Required. Application ID URI of that app registration: the audience of the token the action group sends.')
param aadIdentifierUri string

@description('Required. Resource IDs (resource groups or subscriptions) whose backup vault alerts are routed to the app.')
@minLength(1)
param scopes string[]

@description('Optional. Tags of the resources.')
param tags tagsType?

resource actionGroup 'Microsoft.Insights/actionGroups@2023-01-01' = {
  name: actionGroupName
  location: 'Global'
  tags: tags
  properties: {
    groupShortName: actionGroupShortName
    enabled: true
    // A secure webhook: Azure Monitor sends an Entra token for the app registration (useAadAuth), which App Service
    // Authentication validates and the app checks again (shared/http/alertAuth.ts). No function key, in a URL or
    // anywhere else: an Azure Function receiver would put one in the URL it calls.
    webhookReceivers: [
      {
        name: receiverName
        serviceUri: serviceUri
        useCommonAlertSchema: true
        useAadAuth: true
        objectId: aadObjectId
        identifierUri: aadIdentifierUri
        tenantId: tenant().tenantId
      }
    ]
  }
}

resource alertProcessingRule 'Microsoft.AlertsManagement/actionRules@2021-08-08' = {
  name: alertProcessingRuleName
  location: 'Global'
  tags: tags
  properties: {
    description: 'Routes Azure Backup alerts of AKS backup vaults to Backup Autopilot (action group ${actionGroupName}).'
    enabled: true
    scopes: scopes
    conditions: [
      {
        field: 'TargetResourceType'
        operator: 'Equals'
        values: [
          'microsoft.dataprotection/backupvaults'
        ]
      }
    ]
    actions: [
      {
        actionType: 'AddActionGroups'
        actionGroupIds: [
          actionGroup.id
        ]
      }
    ]
  }
}

@description('The resource ID of the action group.')
output actionGroupResourceId string = actionGroup.id

@description('The resource ID of the alert processing rule.')
output alertProcessingRuleResourceId string = alertProcessingRule.id
