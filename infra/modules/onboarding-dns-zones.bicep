// The private DNS zones the onboarding workflow registers endpoint names in, linked to the VNet the endpoints live in.
// One zone per Azure service and groupId as the support matrix lists them (src/PrivateLink.SupportMatrix/DestinationCatalog.cs,
// from Microsoft's "Azure Private Endpoint private DNS zone values"), plus the zone of the service's own A records for Private
// Link Service targets. SQL Managed Instance zones carry a per-instance prefix (privatelink.{dnsPrefix}.database.windows.net):
// add them to zoneNames per instance.
targetScope = 'resourceGroup'

@description('Private DNS zone names to create.')
param zoneNames array

@description('Resource id of the VNet to link every zone to (resolution only, no auto-registration).')
param vnetId string

@description('Name of the VNet (for the link names).')
param vnetName string

resource zones 'Microsoft.Network/privateDnsZones@2024-06-01' = [
  for zone in zoneNames: {
    name: zone
    location: 'global'
  }
]

resource links 'Microsoft.Network/privateDnsZones/virtualNetworkLinks@2024-06-01' = [
  for (zone, i) in zoneNames: {
    parent: zones[i]
    name: '${vnetName}-link'
    location: 'global'
    properties: {
      registrationEnabled: false
      virtualNetwork: {
        id: vnetId
      }
    }
  }
]
