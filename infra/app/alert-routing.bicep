metadata name = 'Alert routing'
metadata description = 'Action group that calls the app\'s alert-ingest function (common alert schema), and an alert processing rule that adds it to every alert fired on the backup vaults in scope. Deploy only once the function exists (second pass).'

import { tagsType } from '../types.bicep'

@description('Required. Name of the action group.')
param actionGroupName string

@description('Required. Short name of the action group (at most 12 characters; shown in notifications).')
@maxLength(12)
param actionGroupShortName string

@description('Required. Name of the alert processing rule.')
param alertProcessingRuleName string

@description('Required. Resource ID of the Function App.')
param functionAppResourceId string

@description('Required. Name of the HTTP-triggered function that ingests alerts.')
param functionName string

@description('Required. HTTPS URL of that function without a key; Azure Monitor fetches the function key itself.')
param httpTriggerUrl string

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
    // An Azure Function receiver rather than a webhook: the function key never passes through Bicep or outputs.
    azureFunctionReceivers: [
      {
        name: functionName
        functionAppResourceId: functionAppResourceId
        functionName: functionName
        httpTriggerUrl: httpTriggerUrl
        useCommonAlertSchema: true
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
