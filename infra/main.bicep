// PrivateLink onboarding: the Functions app (Flex Consumption, VNet-integrated), its task hub storage, a user-assigned
// identity with the least roles it needs, Service Bus intake and events, Application Insights and Key Vault.
// Deploy: see docs/functions.md. Compiled and linted in CI by scripts/bicep-build.sh (no warnings).
targetScope = 'resourceGroup'

@description('Azure region of every resource.')
param location string = resourceGroup().location

@description('Short lower-case prefix of resource names (3-11 characters).')
@minLength(3)
@maxLength(11)
param namePrefix string = 'plonboard'

@description('Resource group where the private endpoints are created (Arm__ResourceGroup). It must exist; it may be this one.')
param endpointResourceGroupName string = resourceGroup().name

@description('Address space of the service\'s virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('Subnet the Function App integrates with (delegated to Microsoft.App/environments).')
param integrationSubnetPrefix string = '10.40.0.0/24'

@description('Subnet the private endpoints to customers\' resources are created in.')
param privateEndpointSubnetPrefix string = '10.40.1.0/24'

@description('Durable Functions task hub name.')
param taskHubName string = 'privatelinkonboarding'

@description('Largest number of worker instances of the Flex Consumption plan.')
@minValue(1)
@maxValue(100)
param maximumInstanceCount int = 20

var suffix = uniqueString(resourceGroup().id, namePrefix)
var appName = '${namePrefix}-func-${suffix}'
var storageName = take('${namePrefix}st${suffix}', 24)
var deploymentContainer = 'app-package'
var requestQueueName = 'onboarding-requests'
var eventsTopicName = 'destination-events'

// Built-in role definition ids.
var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
  networkContributor: '4d97b98b-1d4f-4787-a291-c67834d212e7'
  serviceBusDataReceiver: '4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0'
  serviceBusDataSender: '69a216fc-b8fb-44d8-bc22-1f3c2552ae39'
  keyVaultSecretsUser: '4633458b-17de-408a-b874-0445c86b69e6'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${namePrefix}-id-${suffix}'
  location: location
}

// ---------- Network ----------

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: '${namePrefix}-vnet'
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [vnetAddressPrefix]
    }
    subnets: [
      {
        name: 'snet-function-integration'
        properties: {
          addressPrefix: integrationSubnetPrefix
          delegations: [
            {
              name: 'flex-consumption'
              properties: {
                serviceName: 'Microsoft.App/environments'
              }
            }
          ]
        }
      }
      {
        name: 'snet-private-endpoints'
        properties: {
          addressPrefix: privateEndpointSubnetPrefix
          privateEndpointNetworkPolicies: 'Disabled'
        }
      }
    ]
  }

  resource integrationSubnet 'subnets' existing = {
    name: 'snet-function-integration'
  }

  resource endpointSubnet 'subnets' existing = {
    name: 'snet-private-endpoints'
  }
}

// Creating an endpoint joins the subnet (subnets/join/action): Network Contributor on that subnet only.
resource endpointSubnetRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::endpointSubnet.id, identity.id, roles.networkContributor)
  scope: vnet::endpointSubnet
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.networkContributor)
  }
}

// Creating, reading and deleting the endpoints themselves: Network Contributor on the endpoint resource group.
module endpointGroupRole 'modules/network-contributor.bicep' = {
  name: 'endpoint-rg-network-contributor'
  scope: resourceGroup(endpointResourceGroupName)
  params: {
    principalId: identity.properties.principalId
    appName: appName
  }
}

// ---------- Storage: task hub and deployment package ----------

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    allowSharedKeyAccess: false
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }

  resource blobService 'blobServices' = {
    name: 'default'

    resource packages 'containers' = {
      name: deploymentContainer
    }
  }
}

var storageRoles = [roles.storageBlobDataOwner, roles.storageQueueDataContributor, roles.storageTableDataContributor]

resource storageRoleAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in storageRoles: {
    name: guid(storage.id, identity.id, role)
    scope: storage
    properties: {
      principalId: identity.properties.principalId
      principalType: 'ServicePrincipal'
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role)
    }
  }
]

// ---------- Monitoring ----------

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: '${namePrefix}-log-${suffix}'
  location: location
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: '${namePrefix}-appi-${suffix}'
  location: location
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: logs.id
    DisableLocalAuth: true
  }
}

// Telemetry is sent with the identity (DisableLocalAuth), not with the instrumentation key.
resource metricsPublisherRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appInsights.id, identity.id, roles.monitoringMetricsPublisher)
  scope: appInsights
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
  }
}

// ---------- Service Bus: dashboard requests in, destination events out ----------

resource serviceBus 'Microsoft.ServiceBus/namespaces@2021-11-01' = {
  name: '${namePrefix}-sb-${suffix}'
  location: location
  sku: {
    name: 'Standard'
    tier: 'Standard'
  }
  properties: {
    disableLocalAuth: true
  }

  resource requests 'queues' = {
    name: requestQueueName
    properties: {
      deadLetteringOnMessageExpiration: true
      maxDeliveryCount: 10
      lockDuration: 'PT1M'
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT1H'
      defaultMessageTimeToLive: 'P14D'
    }
  }

  resource events 'topics' = {
    name: eventsTopicName
    properties: {
      requiresDuplicateDetection: true
      duplicateDetectionHistoryTimeWindow: 'PT1H'
      defaultMessageTimeToLive: 'P14D'
    }
  }
}

resource requestQueueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::requests.id, identity.id, roles.serviceBusDataReceiver)
  scope: serviceBus::requests
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataReceiver)
  }
}

resource eventsTopicRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(serviceBus::events.id, identity.id, roles.serviceBusDataSender)
  scope: serviceBus::events
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.serviceBusDataSender)
  }
}

// ---------- Key Vault: webhook signing secrets (RBAC, no access policies) ----------

resource keyVault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: take('${namePrefix}-kv-${suffix}', 24)
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    enablePurgeProtection: true
    publicNetworkAccess: 'Enabled'
  }
}

resource keyVaultRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(keyVault.id, identity.id, roles.keyVaultSecretsUser)
  scope: keyVault
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.keyVaultSecretsUser)
  }
}

// ---------- Function App: Flex Consumption with VNet integration ----------

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: '${namePrefix}-plan-${suffix}'
  location: location
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true
  }
}

resource functionApp 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    virtualNetworkSubnetId: vnet::integrationSubnet.id
    keyVaultReferenceIdentity: identity.id
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainer}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identity.id
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: 2048
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
  dependsOn: [
    storageRoleAssignments
  ]

  resource settings 'config' = {
    name: 'appsettings'
    properties: {
      // Identity-based connections: no storage key, Service Bus key or instrumentation key anywhere.
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identity.properties.clientId
      AZURE_CLIENT_ID: identity.properties.clientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsights.properties.ConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.properties.clientId};Authorization=AAD'
      DurableTaskHubName: taskHubName
      Arm__SubscriptionId: subscription().subscriptionId
      Arm__ResourceGroup: endpointResourceGroupName
      Arm__Location: location
      Arm__SubnetId: vnet::endpointSubnet.id
      ServiceBus__FullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
      ServiceBus__RequestQueue: requestQueueName
      ServiceBus__EventsTopic: eventsTopicName
      KeyVault__Uri: keyVault.properties.vaultUri
    }
  }
}

@description('Name of the Function App (for `func azure functionapp publish` / `az functionapp deploy`).')
output functionAppName string = functionApp.name

@description('Default host name of the Function App; the API is under https://<host>/api.')
output functionAppHostName string = functionApp.properties.defaultHostName

@description('Client id of the app\'s managed identity (grant it Reader on customers\' target resources if they require it).')
output identityClientId string = identity.properties.clientId

@description('Key Vault that holds the webhook signing secrets.')
output keyVaultName string = keyVault.name
