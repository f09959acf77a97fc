metadata name = 'Event Grid subscriptions'
metadata description = 'One subscription per Event Grid-triggered function (AzureFunction endpoint, CloudEvents 1.0 delivery, retries, dead-letter to blob with the topic identity). Deploy only once the functions exist (second pass).'

import { eventGridFunctionType } from '../types.bicep'

@description('Required. Name of the Event Grid topic.')
param topicName string

@description('Required. Name of the Function App (in this resource group) that hosts the functions.')
param functionAppName string

@description('Required. The Event Grid-triggered functions to deliver to.')
param functions eventGridFunctionType[]

@description('Required. Resource ID of the storage account that receives dead letters.')
param deadLetterStorageAccountResourceId string

@description('Required. Blob container that receives dead letters.')
param deadLetterContainerName string

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource eventSubscription 'Microsoft.EventGrid/topics/eventSubscriptions@2025-02-15' = [
  for fn in functions: {
    parent: topic
    // 3-64 letters, digits and hyphens.
    name: take('to-${toLower(replace(fn.functionName, '_', '-'))}', 64)
    properties: {
      eventDeliverySchema: 'CloudEventSchemaV1_0'
      destination: {
        endpointType: 'AzureFunction'
        properties: {
          resourceId: resourceId('Microsoft.Web/sites/functions', functionAppName, fn.functionName)
          // The trigger runs once per event anyway; one per request keeps a poison event from failing a batch.
          maxEventsPerBatch: 1
          preferredBatchSizeInKilobytes: 64
        }
      }
      filter: {
        includedEventTypes: fn.?includedEventTypes
        subjectBeginsWith: fn.?subjectBeginsWith ?? ''
      }
      retryPolicy: {
        maxDeliveryAttempts: fn.?maxDeliveryAttempts ?? 10
        eventTimeToLiveInMinutes: fn.?eventTimeToLiveInMinutes ?? 1440
      }
      deadLetterWithResourceIdentity: {
        identity: {
          type: 'SystemAssigned'
        }
        deadLetterDestination: {
          endpointType: 'StorageBlob'
          properties: {
            resourceId: deadLetterStorageAccountResourceId
            blobContainerName: deadLetterContainerName
          }
        }
      }
    }
  }
]

@description('The names of the event subscriptions, in the order of `functions`.')
output names string[] = [for (fn, i) in functions: eventSubscription[i].name]
