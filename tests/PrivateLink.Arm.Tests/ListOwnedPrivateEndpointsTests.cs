using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The watcher's list: requests = ceil(endpoints in the subscription / page size), independent of how many are owned or waiting.</summary>
public sealed class ListOwnedPrivateEndpointsTests : EmulatorTestBase
{
    private int pageSize = 1000;

    protected override ArmEmulatorOptions EmulatorOptions
    {
        get
        {
            ArmEmulatorOptions options = InstantOperations();
            options.PageSize = pageSize;
            return options;
        }
    }

    [Theory]
    [InlineData(10, 1000, 1)]
    [InlineData(1000, 1000, 1)]
    [InlineData(1000, 100, 10)]
    [InlineData(1001, 1000, 2)]
    public async Task ListOwnedPrivateEndpointsAsync_ManyEndpoints_OneRequestPerPage(int owned, int size, int expectedRequests)
    {
        await RestartWithPageSizeAsync(size);
        string targetId = SeedSqlServer();
        Emulator.SeedPrivateEndpoints(ResourceGroup, Enumerable.Range(0, owned).Select(i => $"pe-owned-{i}"), targetId,
            new Dictionary<string, string> { [ArmTags.Owner] = "tests", [ArmTags.Destination] = "dest" });
        ArmPrivateEndpointClient sut = CreateSut();

        List<PrivateEndpointInfo> endpoints = [];
        await foreach (PrivateEndpointInfo endpoint in sut.ListOwnedPrivateEndpointsAsync(Timeout))
        {
            endpoints.Add(endpoint);
        }

        Assert.Equal(owned, endpoints.Count);
        Assert.All(endpoints, e => Assert.Equal("dest", e.DestinationId));
        Assert.Equal(expectedRequests, Emulator.CountRequests("GET", "/providers/Microsoft.Network/privateEndpoints$"));
        Assert.Equal((int)Math.Ceiling(owned / (double)size), Emulator.CountRequests());
    }

    [Fact]
    public async Task ListOwnedPrivateEndpointsAsync_AfterCreateAndApprove_ReturnsStateWithoutPerEndpointReads()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId, "pe-a"), Timeout);
        await CreateEndpointAsync(sut, Request(targetId, "pe-b"), Timeout);
        Emulator.ApproveConnection("pe-b");
        Emulator.SeedPrivateEndpoints("rg-other", ["pe-foreign"], targetId, new Dictionary<string, string> { [ArmTags.Owner] = "someone-else" });
        Emulator.ClearJournal();

        Dictionary<string, ConnectionStatus> states = [];
        await foreach (PrivateEndpointInfo endpoint in sut.ListOwnedPrivateEndpointsAsync(Timeout))
        {
            states[endpoint.Name] = endpoint.ConnectionStatus;
        }

        Assert.Equal(["pe-a", "pe-b"], states.Keys.Order());
        Assert.Equal(ConnectionStatus.Pending, states["pe-a"]);
        Assert.Equal(ConnectionStatus.Approved, states["pe-b"]);
        Assert.Equal(1, Emulator.CountRequests());
    }

    private async Task RestartWithPageSizeAsync(int size)
    {
        await Emulator.DisposeAsync();
        pageSize = size;
        await InitializeAsync();
    }
}
