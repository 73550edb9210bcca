using System.Net.Http.Headers;
using System.Text;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The adapter against the HTTPS ARM emulator: shapes, operations polled one request at a time, idempotency and request counts.</summary>
public sealed class ArmPrivateEndpointClientTests : EmulatorTestBase
{
    protected override ArmEmulatorOptions EmulatorOptions => InstantOperations();

    [Fact]
    public async Task PreflightTargetAsync_SqlServer_ReturnsGroupIdsWithTwoRequests()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(targetId, Timeout)).Target;

        Assert.NotNull(target);
        Assert.Equal("Microsoft.Sql/servers", target.ResourceType);
        Assert.Equal("eastus", target.Location);
        Assert.Equal(["sqlServer"], target.GroupIds);
        Assert.Null(target.PrivateLinkService);
        Assert.Equal(2, Emulator.CountRequests());
        Assert.All(Emulator.GetJournal(), e => Assert.Contains("api-version=2023-08-01", e.Query, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer")]
    [InlineData("Microsoft.Sql/managedInstances", "managedInstance")]
    [InlineData("Microsoft.Storage/storageAccounts", "dfs")]
    [InlineData("Microsoft.Synapse/workspaces", "SqlOnDemand")]
    [InlineData("Microsoft.Databricks/workspaces", "databricks_ui_api")]
    [InlineData("Microsoft.ServiceBus/namespaces", "namespace")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "MongoDB")]
    public async Task PreflightTargetAsync_MatrixType_DiscoversGroupId(string resourceType, string expectedGroupId)
    {
        string targetId = Emulator.ResourceId("rg-customer", resourceType, "customer1");
        Emulator.SeedTarget(targetId, access: TargetAccess.Readable, kind: expectedGroupId == "MongoDB" ? "MongoDB" : null);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(targetId, Timeout)).Target;

        Assert.Contains(expectedGroupId, target!.GroupIds!);
    }

    [Fact]
    public async Task PreflightTargetAsync_ProviderWithoutPrivateLinkResources_ReturnsNullGroupIds()
    {
        string targetId = Emulator.ResourceId("rg-customer", "Microsoft.Sql/servers", "nolist");
        Emulator.SeedTarget(targetId, exposesPrivateLinkResources: false, access: TargetAccess.Readable);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(targetId, Timeout)).Target;

        Assert.NotNull(target);
        Assert.Null(target.GroupIds);
    }

    [Fact]
    public async Task PreflightTargetAsync_PrivateLinkService_ReadsAliasAutoApprovalAndFrontendsInOneRequest()
    {
        string plsId = Emulator.ResourceId("rg-customer", "Microsoft.Network/privateLinkServices", "pls-postgres");
        Emulator.SeedPrivateLinkService(plsId, "pls-postgres.1234.eastus.azure.privatelinkservice", autoApprovalSubscriptions: [Emulator.SubscriptionId], access: TargetAccess.Readable);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetResourceInfo? target = (await sut.PreflightTargetAsync(plsId, Timeout)).Target;

        Assert.NotNull(target?.PrivateLinkService);
        Assert.Null(target.GroupIds);
        Assert.Equal("pls-postgres.1234.eastus.azure.privatelinkservice", target.PrivateLinkService.Alias);
        Assert.True(target.PrivateLinkService.AutoApproval);
        Assert.Single(target.PrivateLinkService.LoadBalancerFrontendIpConfigurationIds);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task PreflightTargetAsync_UnpinnedType_ThrowsArmRequestException()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        ArmRequestException ex = await Assert.ThrowsAsync<ArmRequestException>(() =>
            sut.PreflightTargetAsync(Emulator.ResourceId("rg", "Microsoft.Compute/virtualMachines", "vm"), Timeout));

        Assert.Equal("UnsupportedResourceType", ex.ErrorCode);
        Assert.Equal(0, Emulator.CountRequests());
    }

    [Fact]
    public async Task BeginCreate_New_FollowsLroWithPutOnePollAndFinalGet()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(targetId), Timeout);

        // As recorded: a Pending manual connection has no customDnsConfigs and ipConfigurations is empty; the NIC is listed.
        Assert.Equal("Succeeded", endpoint.ProvisioningState);
        Assert.Equal(ConnectionStatus.Pending, endpoint.ConnectionStatus);
        Assert.Empty(endpoint.PrivateIpAddresses);
        Assert.Empty(endpoint.Fqdns);
        Assert.Contains("/providers/Microsoft.Network/networkInterfaces/pe-dest-1.nic.", endpoint.NetworkInterfaceId, StringComparison.Ordinal);
        Assert.Equal("dest-1", endpoint.DestinationId);
        Assert.Equal(
            ["PUT " + PrivateEndpointPath, "GET " + OperationPath, "GET " + PrivateEndpointPath],
            Emulator.GetJournal().Select(e => $"{e.Method} {(e.Path.Contains(OperationPath, StringComparison.Ordinal) ? OperationPath : PrivateEndpointPath)}"));
    }

    [Fact]
    public async Task BeginCreate_Twice_CreatesOneEndpoint()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();

        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        await CreateEndpointAsync(sut, Request(targetId), Timeout);

        Assert.Equal(1, Emulator.CreatedCount("pe-dest-1"));
        Assert.Equal(1, Emulator.PrivateEndpointCount);
        Assert.Equal(2, Emulator.CountRequests("PUT"));
    }

    [Fact]
    public async Task BeginCreate_AgainAfterApproval_KeepsApproved()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        Emulator.ApproveConnection("pe-dest-1");

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(targetId), Timeout);

        Assert.Equal(ConnectionStatus.Approved, endpoint.ConnectionStatus);
    }

    [Fact]
    public async Task BeginCreate_PrivateLinkService_OmitsGroupIds()
    {
        string plsId = Emulator.ResourceId("rg-customer", "Microsoft.Network/privateLinkServices", "pls-mysql");
        Emulator.SeedPrivateLinkService(plsId, "alias");
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(plsId, groupId: null), Timeout);

        Assert.Equal(ConnectionStatus.Pending, endpoint.ConnectionStatus);
        Assert.Empty(endpoint.PrivateIpAddresses);
    }

    [Fact]
    public async Task BeginCreate_MessageOver140Characters_IsTruncatedAndAccepted()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo endpoint = await CreateEndpointAsync(sut, Request(targetId) with { RequestMessage = new string('m', 300) }, Timeout);

        Assert.Equal("Succeeded", endpoint.ProvisioningState);
    }

    [Fact]
    public async Task BeginCreate_ProvisioningFails_OperationEndsFailedWithCode()
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.FailProvisioning("pe-dest-1$", "PrivateEndpointProvisioningFailed", count: 1));
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        OperationStatus status = await PollUntilDoneAsync(sut, started.Operation, Timeout);

        Assert.Equal(OperationState.Failed, status.State);
        Assert.Equal("PrivateEndpointProvisioningFailed", status.ErrorCode);
        Assert.False(status.IsTransientFailure);
    }

    [Fact]
    public async Task BeginCreate_UnknownTarget_ThrowsArmRequestExceptionWithoutRetry()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        ArmRequestException ex = await Assert.ThrowsAsync<ArmRequestException>(() =>
            sut.BeginCreatePrivateEndpointAsync(Request(Emulator.ResourceId("rg-customer", "Microsoft.Sql/servers", "absent")), Timeout));

        Assert.Equal(400, ex.Status);
        Assert.Equal("PrivateLinkServiceIdNotFound", ex.ErrorCode);
        Assert.Equal(1, Emulator.CountRequests("PUT"));
    }

    [Theory]
    [InlineData("Approved", ConnectionStatus.Approved)]
    [InlineData("Rejected", ConnectionStatus.Rejected)]
    public async Task GetPrivateEndpointAsync_CustomerDecidesThroughArm_ReturnsDecision(string status, ConnectionStatus expected)
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        using HttpClient customer = CustomerClient();
        string connection = $"{targetId}/privateEndpointConnections/{Emulator.GetTargetConnectionName("pe-dest-1")}?api-version=2023-08-01";
        using var body = new StringContent(
            "{\"properties\":{\"privateLinkServiceConnectionState\":{\"status\":\"" + status + "\",\"description\":\"by the customer\"}}}", Encoding.UTF8, "application/json");
        using HttpResponseMessage decided = await customer.PutAsync(connection, body, Timeout);
        decided.EnsureSuccessStatusCode();

        PrivateEndpointInfo? endpoint = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal((expected, "by the customer", "None"), (endpoint!.ConnectionStatus, endpoint!.ConnectionDescription, endpoint!.ActionsRequired));
        Assert.Equal(expected == ConnectionStatus.Approved ? ["10.0.0.4"] : [], endpoint.PrivateIpAddresses);
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_CustomerDeletesConnection_ReturnsDisconnected()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        Emulator.ApproveConnection("pe-dest-1");
        using HttpClient customer = CustomerClient();
        using HttpResponseMessage removed = await customer.DeleteAsync(
            $"{targetId}/privateEndpointConnections/{Emulator.GetTargetConnectionName("pe-dest-1")}?api-version=2023-08-01", Timeout);
        removed.EnsureSuccessStatusCode();

        PrivateEndpointInfo? endpoint = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(ConnectionStatus.Disconnected, endpoint!.ConnectionStatus);
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_ConnectionFlipsLater_ReturnsApprovedThenDisconnected()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        Emulator.ApproveConnection("pe-dest-1");
        Emulator.DisconnectAfterReads("pe-dest-1", reads: 1);

        PrivateEndpointInfo? first = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);
        PrivateEndpointInfo? second = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(ConnectionStatus.Approved, first!.ConnectionStatus);
        Assert.Equal(ConnectionStatus.Disconnected, second!.ConnectionStatus);
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_Missing_ReturnsNull()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointInfo? endpoint = await sut.GetPrivateEndpointAsync("pe-absent", Timeout);

        Assert.Null(endpoint);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task BeginDelete_Existing_DeletesWithDeleteAndOnePoll()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        await CreateEndpointAsync(sut, Request(targetId), Timeout);
        Emulator.ClearJournal();

        bool deleted = await DeleteEndpointAsync(sut, "pe-dest-1", Timeout);

        Assert.True(deleted);
        Assert.False(Emulator.PrivateEndpointExists("pe-dest-1"));
        Assert.Equal(1, Emulator.CountRequests("DELETE"));
        Assert.Equal(1, Emulator.CountRequests("GET", OperationPath));
        Assert.Equal(2, Emulator.CountRequests());
    }

    [Fact]
    public async Task BeginDelete_Missing_ReturnsNoOperationWithOneRequest()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointOperation? deleted = await sut.BeginDeletePrivateEndpointAsync("pe-absent", Timeout);

        Assert.Null(deleted);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task BeginCreate_InvalidName_ThrowsArgumentExceptionWithoutRequest()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => sut.BeginCreatePrivateEndpointAsync(Request(SeedSqlServer(), endpointName: "bad name!"), Timeout));

        Assert.Equal(0, Emulator.CountRequests());
    }

    private HttpClient CustomerClient()
    {
        var client = new HttpClient(ArmClientFactory.CreateHandler(Emulator.CertificateThumbprint)) { BaseAddress = Emulator.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "customer-token");
        return client;
    }
}
