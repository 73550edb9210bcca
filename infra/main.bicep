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

@description('Subnet of the private endpoints of the service\'s own task-hub storage and Key Vault.')
param serviceEndpointSubnetPrefix string = '10.40.2.0/24'

@description('Client id of the Entra ID app registration that exposes the onboarding API and its app roles (Onboarding.Read, .Submit, .Operate, .Offboard).')
param apiClientId string

@description('Audience callers\' tokens must carry (the app registration\'s Application ID URI).')
param apiAudience string = 'api://${apiClientId}'

@description('Entra ID tenant that issues the callers\' tokens.')
param tenantId string = tenant().tenantId

@description('Public IP ranges (CIDR) allowed to reach the Function App: operators, the dashboard and the ticket systems\' published egress ranges. Everything else is denied.')
param allowedInboundCidrs array

@description('Host names ticket callbacks may go to, separated by \';\' (Callbacks__AllowedHosts); empty turns callbacks off. The signing secret is the Key Vault secret callback-signing-secret.')
param callbackAllowedHosts string = ''

@description('Durable Functions task hub name.')
param taskHubName string = 'privatelinkonboardingv4'

@description('Largest number of worker instances of the Flex Consumption plan.')
@minValue(1)
@maxValue(100)
param maximumInstanceCount int = 20

@description('Alert when an onboarding has waited for approval longer than this many hours.')
@minValue(1)
param approvalAgeAlertHours int = 72

@description('Alert when more than this percentage of the workflows that ended in an hour failed.')
@minValue(1)
@maxValue(100)
param failureRateAlertPercent int = 20

@description('Resource id of an action group the alerts notify; empty for none.')
param alertActionGroupId string = ''

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
      {
        name: 'snet-service-endpoints'
        properties: {
          addressPrefix: serviceEndpointSubnetPrefix
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

  resource serviceEndpointSubnet 'subnets' existing = {
    name: 'snet-service-endpoints'
  }
}

// A custom role with only what the workflow does to private endpoints, instead of Network Contributor: create, read and delete
// endpoints (the manual connection request needs no right on the customer's resource), poll the asynchronous operations, and join
// the endpoint subnet. Assigned on the endpoint resource group and on the endpoint subnet only.
resource endpointOperatorRole 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, endpointResourceGroupName, 'private-endpoint-operator')
  properties: {
    roleName: 'Private Link onboarding endpoint operator (${namePrefix}, ${resourceGroup().name})'
    description: 'Creates, reads and deletes private endpoints with manual connection requests in one resource group, joining one subnet.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.Network/privateEndpoints/read'
          'Microsoft.Network/privateEndpoints/write'
          'Microsoft.Network/privateEndpoints/delete'
          'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/read'
          'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/write'
          'Microsoft.Network/privateEndpoints/privateDnsZoneGroups/delete'
          'Microsoft.Network/privateDnsZones/read'
          'Microsoft.Network/privateDnsZones/join/action'
          'Microsoft.Network/privateDnsZones/A/read'
          'Microsoft.Network/privateDnsZones/A/write'
          'Microsoft.Network/privateDnsZones/A/delete'
          'Microsoft.Network/locations/operations/read'
          'Microsoft.Network/locations/operationResults/read'
          'Microsoft.Network/locations/availablePrivateEndpointTypes/read'
          'Microsoft.Network/virtualNetworks/read'
          'Microsoft.Network/virtualNetworks/subnets/read'
          'Microsoft.Network/virtualNetworks/subnets/join/action'
        ]
        notActions: []
        dataActions: []
        notDataActions: []
      }
    ]
    assignableScopes: union([resourceGroup().id], [subscriptionResourceId('Microsoft.Resources/resourceGroups', endpointResourceGroupName)])
  }
}

// Creating an endpoint joins the subnet (subnets/join/action): the custom role on that subnet only.
resource endpointSubnetRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vnet::endpointSubnet.id, identity.id, endpointOperatorRole.id)
  scope: vnet::endpointSubnet
  properties: {
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: endpointOperatorRole.id
  }
}

// Creating, reading and deleting the endpoints themselves: the custom role on the endpoint resource group.
module endpointGroupRole 'modules/endpoint-operator.bicep' = {
  name: 'endpoint-rg-endpoint-operator'
  scope: resourceGroup(endpointResourceGroupName)
  params: {
    principalId: identity.properties.principalId
    appName: appName
    roleDefinitionId: endpointOperatorRole.id
  }
}

// Private DNS zones for the destinations' endpoints, in the endpoint resource group (PrivateDns__ZoneResourceGroup overrides where the
// service looks for them), linked to the VNet so every connector resolves the private addresses.
@description('Private DNS zones of the destinations (the support matrix\'s zones; add privatelink.{dnsPrefix}.database.windows.net per SQL Managed Instance).')
param destinationPrivateDnsZones array = [
  'privatelink${environment().suffixes.sqlServerHostname}'
  'privatelink.postgres.database.azure.com'
  'privatelink.blob.${environment().suffixes.storage}'
  'privatelink.table.${environment().suffixes.storage}'
  'privatelink.queue.${environment().suffixes.storage}'
  'privatelink.file.${environment().suffixes.storage}'
  'privatelink.web.${environment().suffixes.storage}'
  'privatelink.dfs.${environment().suffixes.storage}'
  'privatelink.sql.azuresynapse.net'
  'privatelink.dev.azuresynapse.net'
  'privatelink.azuredatabricks.net'
  'privatelink.servicebus.windows.net'
  'privatelink.documents.azure.com'
  'privatelink.mongo.cosmos.azure.com'
  'privatelink.cassandra.cosmos.azure.com'
  'privatelink.gremlin.cosmos.azure.com'
  'privatelink.table.cosmos.azure.com'
  'privatelink.snowflakecomputing.com'
]

@description('Private zone the service writes A records in for VM-hosted destinations behind a Private Link Service (PrivateDns__PrivateLinkServiceZone); empty for none.')
param privateLinkServiceZone string = ''

module destinationDnsZones 'modules/onboarding-dns-zones.bicep' = {
  name: 'destination-private-dns-zones'
  scope: resourceGroup(endpointResourceGroupName)
  params: {
    // The task-hub storage zones (blob, queue, table) are created above in this group; link them once when the groups are the same.
    zoneNames: union(endpointResourceGroupName == resourceGroup().name ? filter(destinationPrivateDnsZones, z => !contains(map(servicePrivateEndpoints, e => e.zone), z)) : destinationPrivateDnsZones, empty(privateLinkServiceZone) ? [] : [privateLinkServiceZone])
    vnetId: vnet.id
    vnetName: vnet.name
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
    // Every customer's request sits in the task hub: reachable only through the private endpoints below.
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
    }
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

// Workbook and alert rules over the metrics both hosts export (stuck approvals, failure rate, orphaned endpoints).
module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    namePrefix: namePrefix
    appInsightsId: appInsights.id
    approvalAgeAlertHours: approvalAgeAlertHours
    failureRateAlertPercent: failureRateAlertPercent
    actionGroupId: alertActionGroupId
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
    publicNetworkAccess: 'Disabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'None'
    }
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

// ---------- Private endpoints of the task-hub storage and Key Vault (public network access is off) ----------

var servicePrivateEndpoints = [
  {
    name: 'blob'
    target: storage.id
    zone: 'privatelink.blob.${environment().suffixes.storage}'
  }
  {
    name: 'queue'
    target: storage.id
    zone: 'privatelink.queue.${environment().suffixes.storage}'
  }
  {
    name: 'table'
    target: storage.id
    zone: 'privatelink.table.${environment().suffixes.storage}'
  }
  {
    name: 'vault'
    target: keyVault.id
    zone: 'privatelink.vaultcore.azure.net'
  }
]

resource privateDnsZones 'Microsoft.Network/privateDnsZones@2020-06-01' = [
  for endpoint in servicePrivateEndpoints: {
    name: endpoint.zone
    location: 'global'
  }
]

resource privateDnsZoneLinks 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2020-06-01' = [
  for (endpoint, i) in servicePrivateEndpoints: {
    parent: privateDnsZones[i]
    name: '${vnet.name}-link'
    location: 'global'
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnet.id
      }
    }
  }
]

resource servicePrivateEndpointResources 'Microsoft.Network/privateEndpoints@2024-05-01' = [
  for (endpoint, i) in servicePrivateEndpoints: {
    name: '${namePrefix}-pe-${endpoint.name}-${suffix}'
    location: location
    properties: {
      subnet: {
        id: vnet::serviceEndpointSubnet.id
      }
      privateLinkServiceConnections: [
        {
          name: endpoint.name
          properties: {
            privateLinkServiceId: endpoint.target
            groupIds: [endpoint.name]
          }
        }
      ]
    }
  }
]

resource servicePrivateEndpointDns 'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@2024-05-01' = [
  for (endpoint, i) in servicePrivateEndpoints: {
    parent: servicePrivateEndpointResources[i]
    name: 'default'
    properties: {
      privateDnsZoneConfigs: [
        {
          name: endpoint.name
          properties: {
            privateDnsZoneId: privateDnsZones[i].id
          }
        }
      ]
    }
  }
]

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
      // Access restrictions: only the listed ranges reach the app (and its deployment endpoint); everything else gets 403.
      ipSecurityRestrictionsDefaultAction: 'Deny'
      ipSecurityRestrictions: [
        for (cidr, i) in allowedInboundCidrs: {
          name: 'allow-${i}'
          ipAddress: cidr
          action: 'Allow'
          priority: 100 + i
        }
      ]
      scmIpSecurityRestrictionsUseMain: true
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
    servicePrivateEndpointDns
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
      PrivateDns__PrivateLinkServiceZone: privateLinkServiceZone
      Arm__Location: location
      Arm__SubnetId: vnet::endpointSubnet.id
      ServiceBus__FullyQualifiedNamespace: '${serviceBus.name}.servicebus.windows.net'
      ServiceBus__RequestQueue: requestQueueName
      ServiceBus__EventsTopic: eventsTopicName
      KeyVault__Uri: keyVault.properties.vaultUri
      Callbacks__AllowedHosts: callbackAllowedHosts
      Callbacks__SigningSecret: empty(callbackAllowedHosts) ? '' : '@Microsoft.KeyVault(VaultName=${keyVault.name};SecretName=callback-signing-secret)'
    }
  }

  // App Service Authentication (Easy Auth) with Entra ID: a caller without a valid token for the API gets 401 from the platform
  // before the worker runs; the worker then checks each function's app role from X-MS-CLIENT-PRINCIPAL (EasyAuthRoleMiddleware).
  // Health and the three webhooks (authenticated by their own signatures) are excluded.
  resource authSettings 'config' = {
    name: 'authsettingsV2'
    properties: {
      platform: {
        enabled: true
      }
      globalValidation: {
        requireAuthentication: true
        unauthenticatedClientAction: 'Return401'
        excludedPaths: ['/api/healthz', '/api/webhooks/tickets', '/api/webhooks/zendesk', '/api/webhooks/jira']
      }
      httpSettings: {
        requireHttps: true
      }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: apiClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${tenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [apiAudience]
          }
        }
      }
      login: {
        tokenStore: {
          enabled: false
        }
      }
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
