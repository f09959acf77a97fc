metadata name = 'Custom roles'
metadata description = 'Least-privilege custom roles for the app identity. Their actions come from ../role-actions.json, the same list the permission tests check.'

targetScope = 'subscription'

@description('Required. Name of the azd environment; keeps the role names unique in the tenant.')
param environmentName string

@description('Required. Subscription IDs where the roles may be assigned (this subscription first).')
@minLength(1)
param assignableSubscriptionIds string[]

var customRoles = loadJsonContent('../role-actions.json').customRoles

resource roleDefinition 'Microsoft.Authorization/roleDefinitions@2022-04-01' = [
  for role in items(customRoles): {
    name: guid(subscription().id, environmentName, role.key)
    properties: {
      roleName: '${role.key} (${environmentName}, ${subscription().subscriptionId})'
      description: role.value.description
      type: 'CustomRole'
      permissions: [
        {
          actions: role.value.actions
          notActions: []
          dataActions: role.value.dataActions
          notDataActions: []
        }
      ]
      assignableScopes: map(assignableSubscriptionIds, id => '/subscriptions/${id}')
    }
  }
]

@description('The custom roles: name (key of customRoles in role-actions.json) and role definition GUID.')
output roles object[] = [
  for (role, i) in items(customRoles): {
    name: role.key
    guid: roleDefinition[i].name
  }
]
