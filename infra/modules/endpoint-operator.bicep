// The custom private-endpoint operator role for the app's identity on the resource group that holds the private endpoints.
// A module because the endpoint resource group may differ from the app's.
targetScope = 'resourceGroup'

@description('Principal id of the app\'s user-assigned managed identity.')
param principalId string

@description('Name of the app (for a deterministic role assignment name).')
param appName string

@description('Resource id of the custom role definition (main.bicep: endpointOperatorRole).')
param roleDefinitionId string

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, appName, roleDefinitionId)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: roleDefinitionId
  }
}
