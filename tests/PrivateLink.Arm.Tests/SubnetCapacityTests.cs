using System.Text.Json;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The endpoint subnet read: the mapping of Azure's subnet body, and the adapter against the emulator on its defaults.</summary>
public sealed class SubnetCapacityTests : EmulatorTestBase
{
    [Fact]
    public void Capacity_SubnetBodyAsAzureAnswersIt_CountsFreeAddressesLessAzuresFive()
    {
        // The shape of GET .../virtualNetworks/{vnet}/subnets/{subnet}?api-version=2024-05-01 with two private endpoints (3 NIC
        // IP configurations: a Cosmos DB endpoint holds two) and one VM NIC.
        using JsonDocument body = JsonDocument.Parse("""
            {
              "name": "endpoints",
              "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/endpoints",
              "etag": "W/\"1\"",
              "properties": {
                "provisioningState": "Succeeded",
                "addressPrefix": "10.0.0.0/24",
                "ipConfigurations": [
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/pe-a.nic.1/ipConfigurations/privateEndpointIpConfig.1" },
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/pe-b.nic.2/ipConfigurations/privateEndpointIpConfig.2" },
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/pe-b.nic.2/ipConfigurations/privateEndpointIpConfig.3" },
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/vm1-nic/ipConfigurations/ipconfig1" }
                ],
                "privateEndpoints": [
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-a" },
                  { "id": "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/pe-b" }
                ],
                "delegations": [],
                "privateEndpointNetworkPolicies": "Disabled",
                "privateLinkServiceNetworkPolicies": "Enabled"
              },
              "type": "Microsoft.Network/virtualNetworks/subnets"
            }
            """);

        SubnetCapacity sut = SubnetMapper.Capacity("ignored", body.RootElement);

        Assert.Equal(["10.0.0.0/24"], sut.AddressPrefixes);
        Assert.Equal(251, sut.UsableAddresses);
        Assert.Equal(4, sut.UsedAddresses);
        Assert.Equal(247, sut.FreeAddresses);
        Assert.Equal(2, sut.PrivateEndpointIds.Count);
        Assert.EndsWith("/subnets/endpoints", sut.SubnetId, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.0/29", 3)]
    [InlineData("10.0.0.0/28", 11)]
    [InlineData("10.0.0.0/16", 65531)]
    [InlineData("fd00::/64", null)]
    [InlineData("nonsense", null)]
    public void UsableIPv4_PrefixSizes_LessFiveReserved(string prefix, int? expected) =>
        Assert.Equal(expected, SubnetMapper.UsableIPv4(prefix));

    [Fact]
    public void Capacity_SeveralPrefixes_AddsTheirAddresses()
    {
        using JsonDocument body = JsonDocument.Parse("""{ "properties": { "addressPrefixes": ["10.0.0.0/28", "10.0.1.0/28", "fd00::/64"], "ipConfigurations": [] } }""");

        SubnetCapacity sut = SubnetMapper.Capacity("/s/subnets/x", body.RootElement);

        Assert.Equal(22, sut.FreeAddresses);
        Assert.Equal("/s/subnets/x", sut.SubnetId);
    }

    [Fact]
    public async Task GetEndpointSubnetCapacityAsync_EmulatorDefaults_CountsTheSeededEndpointsInOneGet()
    {
        string target = SeedSqlServer();
        string subnetId = CreateOptions().SubnetId;
        Emulator.SeedPrivateEndpoints(ResourceGroup, ["pe-onboard-one"], target, new Dictionary<string, string>());
        ArmPrivateEndpointClient sut = CreateSut();
        Emulator.ClearJournal();

        SubnetCapacity? capacity = await sut.GetEndpointSubnetCapacityAsync(Timeout);

        Assert.NotNull(capacity);
        Assert.Equal(subnetId, capacity.SubnetId, ignoreCase: true);
        Assert.Equal(["10.0.0.0/24"], capacity.AddressPrefixes);
        Assert.Equal(1, capacity.UsedAddresses);
        Assert.Equal(250, capacity.FreeAddresses);
        Assert.Single(capacity.PrivateEndpointIds);
        ArmJournalEntry read = Assert.Single(Emulator.GetJournal());
        Assert.Equal(("GET", 200), (read.Method, read.Status));
    }
}
