using System.Text.Json;

namespace PrivateLink.Arm.Tests;

/// <summary>The adapter's mapping against the real ARM example payloads.</summary>
public sealed class ContractTests
{
    [Fact]
    public void FromResource_ManualApprovalExample_MapsPendingStateAddressesAndFqdns()
    {
        using JsonDocument body = Fixture.Load200Body("PrivateEndpointGetForManualApproval.json");

        PrivateEndpointInfo sut = PrivateEndpointMapper.FromResource(body.RootElement);

        Assert.Equal($"/subscriptions/{Fixture.SubscriptionId}/resourceGroups/rg1/providers/Microsoft.Network/privateEndpoints/testPe", sut.ResourceId);
        Assert.Equal("testPe", sut.Name);
        Assert.Equal("Succeeded", sut.ProvisioningState);
        Assert.Equal((ConnectionStatus.Pending, "Awaiting approval", "None"), (sut.ConnectionStatus, sut.ConnectionDescription, sut.ActionsRequired));
        Assert.Equal(["192.168.0.5", "192.168.0.4"], sut.PrivateIpAddresses);
        Assert.Equal(["abc.cosmos.com", "abc2.cosmos.com"], sut.Fqdns);
        Assert.Null(sut.DestinationId);
    }

    [Fact]
    public void FromResource_AutoApprovedExample_MapsApproved()
    {
        using JsonDocument body = Fixture.Load200Body("PrivateEndpointGet.json");

        PrivateEndpointInfo sut = PrivateEndpointMapper.FromResource(body.RootElement);

        Assert.Equal(ConnectionStatus.Approved, sut.ConnectionStatus);
        Assert.Equal("Auto-approved", sut.ConnectionDescription);
    }

    [Fact]
    public void FromResource_ListAllExample_MapsEveryItem()
    {
        using JsonDocument body = Fixture.Load200Body("PrivateEndpointListAll.json");

        List<PrivateEndpointInfo> sut = body.RootElement.GetProperty("value").EnumerateArray().Select(PrivateEndpointMapper.FromResource).ToList();

        Assert.Equal(body.RootElement.GetProperty("value").GetArrayLength(), sut.Count);
        Assert.All(sut, pe => Assert.StartsWith($"/subscriptions/{Fixture.SubscriptionId}/", pe.ResourceId, StringComparison.Ordinal));
        Assert.Contains(sut, pe => pe.ConnectionStatus == ConnectionStatus.Approved);
        Assert.Contains(sut, pe => pe.ConnectionStatus == ConnectionStatus.Pending);
    }

    [Fact]
    public void FromProperties_DisconnectedAndStorageSpelling_MapsStatusAndActionRequired()
    {
        using JsonDocument properties = JsonDocument.Parse("""
            {"provisioningState":"Succeeded","manualPrivateLinkServiceConnections":[{"properties":{"privateLinkServiceConnectionState":
            {"status":"Disconnected","description":"removed","actionRequired":"Recreate"}}}]}
            """);
        var tags = new Dictionary<string, string> { [ArmTags.Destination] = "dest-1" };

        PrivateEndpointInfo sut = PrivateEndpointMapper.FromProperties("/id", "pe", tags, properties.RootElement);

        Assert.Equal((ConnectionStatus.Disconnected, "removed", "Recreate"), (sut.ConnectionStatus, sut.ConnectionDescription, sut.ActionsRequired));
        Assert.Equal("dest-1", sut.DestinationId);
        Assert.Empty(sut.PrivateIpAddresses);
    }

    [Theory]
    [InlineData("SqlPrivateLinkResourcesList.json", new[] { "sqlServer" })]
    [InlineData("PostgresPrivateLinkResourcesList.json", new[] { "postgresqlServer" })]
    [InlineData("StorageAccountListPrivateLinkResources.json", new[] { "blob", "blob_secondary", "table", "table_secondary", "dfs", "dfs_secondary" })]
    public void GroupIds_ProviderExamples_ReturnsGroupIds(string fileName, string[] expected)
    {
        using JsonDocument body = Fixture.Load200Body(fileName);

        IReadOnlyList<string> sut = TargetMapper.GroupIds(body.RootElement);

        Assert.Equal(expected, sut);
    }

    [Theory]
    [InlineData("subscription1", true)]
    [InlineData("subscription3", false)]
    public void PrivateLinkService_Example_ReadsAliasAutoApprovalAndFrontends(string subscriptionId, bool expectedAutoApproval)
    {
        using JsonDocument body = Fixture.Load200Body("PrivateLinkServiceGet.json");

        PrivateLinkServiceInfo sut = TargetMapper.PrivateLinkService(body.RootElement.GetProperty("properties"), subscriptionId);

        Assert.Equal("ContosoService.{guid}.azure.privatelinkservice", sut.Alias);
        Assert.Equal(expectedAutoApproval, sut.AutoApproval);
        Assert.Equal(
            [$"/subscriptions/{Fixture.SubscriptionId}/resourceGroups/rg1/providers/Microsoft.Network/loadBalancers/lb/frontendIPConfigurations/fe-lb"],
            sut.LoadBalancerFrontendIpConfigurationIds);
    }
}
