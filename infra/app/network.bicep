metadata name = 'Private networking'
metadata description = 'A virtual network for the Function App (Flex Consumption VNet integration) and private endpoints, with private DNS zones, for the app storage account (blob, queue, table), the Key Vault and the Event Grid topic.'

import { tagsType } from '../types.bicep'

@description('Required. Name of the virtual network.')
param name string

@description('Required. Azure region.')
param location string

@description('Required. Address space of the virtual network (at least a /25: two /26 subnets).')
param addressPrefix string

@description('Required. Name of the app storage account (in this resource group).')
param storageAccountName string

@description('Required. Name of the Key Vault (in this resource group).')
param keyVaultName string

@description('Required. Name of the Event Grid topic (in this resource group).')
param topicName string

@description('Optional. Private DNS zone of Event Grid topics in this cloud (no environment() suffix names it). Default: the public cloud\'s.')
param eventGridPrivateDnsZone string = 'privatelink.eventgrid.azure.net'

@description('Optional. Tags of the network resources.')
param tags tagsType?

// Endpoints: the service's group id, its private DNS zone (cloud-specific suffixes from environment()).
var endpoints = [
  { name: 'blob', groupId: 'blob', service: 'storage', zone: 'privatelink.blob.${environment().suffixes.storage}' }
  { name: 'queue', groupId: 'queue', service: 'storage', zone: 'privatelink.queue.${environment().suffixes.storage}' }
  { name: 'table', groupId: 'table', service: 'storage', zone: 'privatelink.table.${environment().suffixes.storage}' }
  {
    name: 'vault'
    groupId: 'vault'
    service: 'vault'
    // '.vault.azure.net' → 'privatelink.vaultcore.azure.net' (and likewise in sovereign clouds).
    zone: 'privatelink${replace(environment().suffixes.keyvaultDns, '.vault.', '.vaultcore.')}'
  }
  { name: 'topic', groupId: 'topic', service: 'topic', zone: eventGridPrivateDnsZone }
]

resource storage 'Microsoft.Storage/storageAccounts@2026-09-01' existing = {
  name: storageAccountName
}

resource vault 'Microsoft.KeyVault/vaults@2026-05-15' existing = {
  name: keyVaultName
}

resource topic 'Microsoft.EventGrid/topics@2025-02-15' existing = {
  name: topicName
}

resource vnet 'Microsoft.Network/virtualNetworks@2025-05-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        // Flex Consumption VNet integration: a subnet delegated to Microsoft.App/environments.
        name: 'app'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 26, 0)
          delegations: [
            {
              name: 'flex'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'endpoints'
        properties: {
          addressPrefix: cidrSubnet(addressPrefix, 26, 1)
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource appSubnet 'subnets' existing = {
    name: 'app'
  }

  resource endpointSubnet 'subnets' existing = {
    name: 'endpoints'
  }
}

resource zone 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for e in endpoints: {
    name: e.zone
    location: 'global'
    tags: tags
  }
]

resource zoneLink 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (e, i) in endpoints: {
    parent: zone[i]
    name: '${name}-link'
    location: 'global'
    tags: tags
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

resource endpoint 'Microsoft.Network/privateEndpoints@2025-05-01' = [
  for e in endpoints: {
    name: 'pe-${e.service == 'storage' ? storageAccountName : (e.service == 'vault' ? keyVaultName : topicName)}-${e.name}'
    location: location
    tags: tags
    properties: {
      subnet: {
        id: vnet::endpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: e.name
          properties: {
            privateLinkServiceId: e.service == 'storage' ? storage.id : (e.service == 'vault' ? vault.id : topic.id)
            groupIds: [
              e.groupId
            ]
          }
        }
      ]
    }
  }
]

resource dnsGroup 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2025-05-01' = [
  for (e, i) in endpoints: {
    parent: endpoint[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: e.name
          properties: {
            privateDnsZoneId: zone[i].id
          }
        }
      ]
    }
  }
]

@description('The resource ID of the subnet the Function App integrates with.')
output appSubnetResourceId string = vnet::appSubnet.id

@description('The resource ID of the virtual network.')
output resourceId string = vnet.id
