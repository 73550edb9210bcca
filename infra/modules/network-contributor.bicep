// Network Contributor for the app's identity on the resource group that holds the private endpoints.
// A module because the endpoint resource group may differ from the app's.
targetScope = 'resourceGroup'

@description('Principal id of the app\'s user-assigned managed identity.')
param principalId string

@description('Name of the app (for a deterministic role assignment name).')
param appName string

var networkContributor = subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '4d97b98b-1d4f-4787-a291-c67834d212e7')

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, appName, networkContributor)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: networkContributor
  }
}
