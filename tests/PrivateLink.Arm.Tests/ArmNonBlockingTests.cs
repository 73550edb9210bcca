using Microsoft.Extensions.Time.Testing;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The workflow's members against the emulator's recorded-reality defaults, on a fake clock: one request per call, no waits.</summary>
public sealed class ArmNonBlockingTests : EmulatorTestBase
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 12, 1, 9, 0, 0, TimeSpan.Zero));

    protected override TimeProvider EmulatorClock => clock;

    [Fact]
    public async Task PreflightTargetAsync_OtherTenantByDefault_IsUnreadableWithArmCode()
    {
        string targetId = SeedSqlServer(access: TargetAccess.OtherTenant);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight preflight = await sut.PreflightTargetAsync(targetId, Timeout);

        Assert.Equal(TargetReadability.Unreadable, preflight.Readability);
        Assert.Equal("InvalidAuthenticationTokenTenant", preflight.ErrorCode);
        Assert.Null(preflight.Target);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task PreflightTargetAsync_SameTenantWithoutRole_IsUnreadable403()
    {
        string targetId = SeedSqlServer(access: TargetAccess.NoRole);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight preflight = await sut.PreflightTargetAsync(targetId, Timeout);

        Assert.Equal(TargetReadability.Unreadable, preflight.Readability);
        Assert.Equal("AuthorizationFailed", preflight.ErrorCode);
    }

    [Theory]
    [InlineData("rg-customer", "ResourceNotFound")]
    [InlineData("rg-absent", "ResourceGroupNotFound")]
    public async Task PreflightTargetAsync_Missing_IsNotFoundWithArmCode(string resourceGroup, string code)
    {
        SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight preflight = await sut.PreflightTargetAsync(Emulator.ResourceId(resourceGroup, "Microsoft.Sql/servers", "absent"), Timeout);

        Assert.Equal(TargetReadability.NotFound, preflight.Readability);
        Assert.Equal(code, preflight.ErrorCode);
    }

    [Fact]
    public async Task PreflightTargetAsync_ReadableServiceBusStandard_ReportsSkuAndKindlessTarget()
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.ServiceBus/namespaces", "sb-standard");
        Emulator.SeedTarget(id, access: TargetAccess.Readable, skuName: "Standard");
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight preflight = await sut.PreflightTargetAsync(id, Timeout);

        Assert.Equal(TargetReadability.Readable, preflight.Readability);
        Assert.Equal("Standard", preflight.Target!.SkuName);
        Assert.Equal("Standard", preflight.Target.SkuTier);
        Assert.Equal(["namespace"], preflight.Target.GroupIds);
    }

    [Fact]
    public async Task PreflightTargetAsync_ReadableCosmosMongo_ReportsKindAndMongoGroupId()
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.DocumentDB/databaseAccounts", "cosmos-mongo");
        Emulator.SeedTarget(id, access: TargetAccess.Readable, kind: "MongoDB");
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight preflight = await sut.PreflightTargetAsync(id, Timeout);

        Assert.Equal("MongoDB", preflight.Target!.Kind);
        Assert.Equal(["MongoDB"], preflight.Target.GroupIds);
    }

    [Fact]
    public async Task PreflightTargetAsync_Alias_ChecksVisibilityWithOnePost()
    {
        const string Alias = "sf-pvlinksvc-azeastus.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice";
        Emulator.SeedPrivateLinkService(Emulator.ResourceId("rg-snowflake", "Microsoft.Network/privateLinkServices", "sf-pls"), Alias);
        ArmPrivateEndpointClient sut = CreateSut();

        TargetPreflight visible = await sut.PreflightTargetAsync(Alias, Timeout);
        TargetPreflight unknown = await sut.PreflightTargetAsync(Alias.Replace("6f0b0f0e", "00000000", StringComparison.Ordinal), Timeout);

        Assert.Equal(TargetReadability.Readable, visible.Readability);
        Assert.Equal(Alias, visible.Target!.PrivateLinkService!.Alias);
        Assert.Equal(TargetReadability.Unreadable, unknown.Readability);
        Assert.Equal("PrivateLinkServiceNotVisible", unknown.ErrorCode);
        Assert.Equal(2, Emulator.CountRequests("POST", "/locations/eastus/checkPrivateLinkServiceVisibility$"));
    }

    [Fact]
    public async Task BeginCreate_ThenPollOnFakeClock_OneRequestEachAndSucceedsAfterTheOperationDuration()
    {
        string targetId = SeedSqlServer(access: TargetAccess.OtherTenant);
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        OperationStatus early = await sut.GetOperationStatusAsync(started.Operation, Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        OperationStatus done = await sut.GetOperationStatusAsync(started.Operation, Timeout);

        Assert.Equal("Updating", started.Endpoint.ProvisioningState);
        Assert.Equal((ConnectionStatus.Pending, "Awaiting Approval", "None"), (started.Endpoint.ConnectionStatus, started.Endpoint.ConnectionDescription, started.Endpoint.ActionsRequired));
        Assert.Contains("/providers/Microsoft.Network/locations/eastus/operations/", started.Operation.StatusUrl, StringComparison.Ordinal);
        Assert.Contains("api-version=2022-01-01&t=", started.Operation.StatusUrl, StringComparison.Ordinal);
        Assert.Equal(new OperationStatus(OperationState.InProgress, null, null, null), early);
        Assert.Equal(new OperationStatus(OperationState.Succeeded, null, null, null), done);
        Assert.Equal(3, Emulator.CountRequests());
    }

    [Fact]
    public async Task GetOperationStatus_SignedOperationUrl_IsPolledExactlyAsArmGaveIt()
    {
        // Real Network operation URLs carry ARM's signature after their own api-version (2022-01-01&t=…&c=…&s=…&h=…); the poll
        // must not rewrite the api-version to the pinned Network one, nor reorder or drop the signature.
        string targetId = SeedSqlServer(access: TargetAccess.OtherTenant);
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        Emulator.ClearJournal();

        await sut.GetOperationStatusAsync(started.Operation, Timeout);

        ArmJournalEntry poll = Assert.Single(Emulator.GetJournal());
        var given = new Uri(started.Operation.StatusUrl!);
        Assert.Equal(("GET", given.AbsolutePath, given.Query), (poll.Method, poll.Path, poll.Query));
    }

    [Fact]
    public async Task BeginCreate_CosmosDb_StillInProgressAfterSevenMinutes()
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.DocumentDB/databaseAccounts", "cosmos1");
        Emulator.SeedTarget(id);
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(id, groupId: "Sql"), Timeout);
        clock.Advance(TimeSpan.FromMinutes(7));
        OperationStatus at7 = await sut.GetOperationStatusAsync(started.Operation, Timeout);
        clock.Advance(TimeSpan.FromMinutes(1));
        OperationStatus at8 = await sut.GetOperationStatusAsync(started.Operation, Timeout);

        Assert.Equal(OperationState.InProgress, at7.State);
        Assert.Equal(OperationState.Succeeded, at8.State);
    }

    [Theory]
    [InlineData("RetryableError", true)]
    [InlineData("InvalidPrivateLinkServiceId", true)]
    [InlineData("Canceled", true)]
    [InlineData("PrivateEndpointProvisioningFailed", false)]
    public async Task GetOperationStatusAsync_OperationFails_ReportsCodeAndTransience(string code, bool transient)
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(ArmFaultRule.FailProvisioning("pe-dest-1$", code, count: 1));
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromMinutes(1));
        OperationStatus status = await sut.GetOperationStatusAsync(started.Operation, Timeout);

        Assert.Equal(OperationState.Failed, status.State);
        Assert.Equal(code, status.ErrorCode);
        Assert.Equal(transient, status.IsTransientFailure);
    }

    [Fact]
    public async Task BeginCreate_AgainRightAfterTheCreate_IsTransient409AnotherOperationInProgress()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut(o => o.MaxRetries = 0);
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        await sut.GetOperationStatusAsync(started.Operation, Timeout);

        ArmTransientException ex = await Assert.ThrowsAsync<ArmTransientException>(() => sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout));
        clock.Advance(TimeSpan.FromSeconds(6));
        PrivateEndpointOperation? delete = await sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(409, ex.Status);
        Assert.Equal("AnotherOperationInProgress", ex.ErrorCode);
        Assert.NotNull(delete);
        Assert.Equal(PrivateEndpointOperationKind.Delete, delete.Kind);
    }

    [Fact]
    public async Task BeginDelete_Missing_ReturnsNullAndExistingEndsSucceeded()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromMinutes(1));
        await sut.GetOperationStatusAsync(started.Operation, Timeout);

        PrivateEndpointOperation? delete = await sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout);
        clock.Advance(TimeSpan.FromMinutes(1));
        OperationStatus status = await sut.GetOperationStatusAsync(delete!, Timeout);
        PrivateEndpointOperation? again = await sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(OperationState.Succeeded, status.State);
        Assert.Null(again);
        Assert.False(Emulator.PrivateEndpointExists("pe-dest-1"));
    }

    [Fact]
    public async Task GetOperationStatusAsync_UrlOnAnotherHost_IsRefusedWithoutRequest()
    {
        ArmPrivateEndpointClient sut = CreateSut();
        var forged = new PrivateEndpointOperation("pe-dest-1", PrivateEndpointOperationKind.Create, "https://attacker.example/subscriptions/x/providers/Microsoft.Network/locations/eastus/operations/1?api-version=2022-01-01");

        await Assert.ThrowsAsync<ArgumentException>(() => sut.GetOperationStatusAsync(forged, Timeout));

        Assert.Equal(0, Emulator.CountRequests());
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_PrivateLinkServiceApproved_ReadsTheAddressFromTheNic()
    {
        string plsId = Emulator.ResourceId("rg-customer", "Microsoft.Network/privateLinkServices", "pls-mysql");
        Emulator.SeedPrivateLinkService(plsId, "pls-mysql.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice");
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(plsId, groupId: null), Timeout);
        clock.Advance(TimeSpan.FromMinutes(1));
        await sut.GetOperationStatusAsync(started.Operation, Timeout);
        PrivateEndpointInfo? pending = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);
        Emulator.ApproveConnection("pe-dest-1", "ok");
        clock.Advance(TimeSpan.FromMinutes(1));
        Emulator.ClearJournal();

        PrivateEndpointInfo? approved = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Empty(pending!.PrivateIpAddresses);
        Assert.Equal(ConnectionStatus.Approved, approved!.ConnectionStatus);
        Assert.Equal(["10.0.0.4"], approved.PrivateIpAddresses);
        Assert.Empty(approved.Fqdns);
        Assert.Equal(["GET /privateEndpoints/", "GET /networkInterfaces/"], Emulator.GetJournal().Select(e => $"GET /{e.Path.Split('/')[^2]}/"));
    }

    [Fact]
    public async Task GetPrivateEndpointAsync_CosmosApprovedAfterDnsLag_HasTwoFqdnsAndTwoAddressesWithoutNicRead()
    {
        string id = Emulator.ResourceId("rg-customer", "Microsoft.DocumentDB/databaseAccounts", "cosmos1");
        Emulator.SeedTarget(id);
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(id, groupId: "Sql"), Timeout);
        clock.Advance(TimeSpan.FromMinutes(9));
        await sut.GetOperationStatusAsync(started.Operation, Timeout);
        Emulator.ApproveConnection("pe-dest-1");
        clock.Advance(TimeSpan.FromMinutes(1));
        Emulator.ClearJournal();

        PrivateEndpointInfo? endpoint = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(["cosmos1.documents.azure.com", "cosmos1-eastus.documents.azure.com"], endpoint!.Fqdns);
        Assert.Equal(["10.0.0.4", "10.0.0.5"], endpoint.PrivateIpAddresses);
        Assert.Equal(1, Emulator.CountRequests());
    }

    [Fact]
    public async Task BeginCreate_ByAlias_OmitsGroupIdsAndIsAccepted()
    {
        const string Alias = "sf-pvlinksvc-azeastus.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice";
        Emulator.SeedPrivateLinkService(Emulator.ResourceId("rg-snowflake", "Microsoft.Network/privateLinkServices", "sf-pls"), Alias);
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(Alias, groupId: null), Timeout);

        Assert.Equal(ConnectionStatus.Pending, started.Endpoint.ConnectionStatus);
        Assert.Equal(1, Emulator.CreatedCount("pe-dest-1"));
    }

    [Fact]
    public async Task BeginCreate_PolicyRefuses_ThrowsRequestExceptionSayingSo()
    {
        string targetId = SeedSqlServer();
        Emulator.AddFault(new ArmFaultRule
        {
            Method = "PUT",
            PathPattern = "pe-dest-1$",
            StatusCode = 403,
            ErrorCode = "RequestDisallowedByPolicy",
            ErrorMessage = "Resource 'pe-dest-1' was disallowed by policy. Policy identifiers: 'deny-public-tags'.",
        });
        ArmPrivateEndpointClient sut = CreateSut();

        ArmRequestException ex = await Assert.ThrowsAsync<ArmRequestException>(() => sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout));

        Assert.Equal("RequestDisallowedByPolicy", ex.ErrorCode);
        Assert.Contains("Azure Policy", ex.Message, StringComparison.Ordinal);
        Assert.Contains("deny-public-tags", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListOwnedPrivateEndpointsAsync_ListsAtResourceGroupScope()
    {
        ArmPrivateEndpointClient sut = CreateSut();

        await foreach (PrivateEndpointInfo endpoint in sut.ListOwnedPrivateEndpointsAsync(Timeout))
        {
            Assert.Fail($"Unexpected endpoint {endpoint.Name}.");
        }

        Assert.Equal(1, Emulator.CountRequests("GET", $"^/subscriptions/{Emulator.SubscriptionId}/resourceGroups/{ResourceGroup}/providers/Microsoft.Network/privateEndpoints$"));
    }

    [Theory]
    [InlineData(false, 9)]
    [InlineData(true, 9)]
    public async Task OnboardingSequence_UnreadableTargetPolledEveryTenSeconds_CountsEveryArmRequest(bool privateLinkService, int expected)
    {
        // Preflight (1, refused: other tenant), PUT (1), polls every 10 s of a 40-second create (4), GET after the create (1),
        // GET after approval (1) and, where customDnsConfigs is empty (a Private Link Service always; others during the DNS lag), the NIC (1).
        string target;
        if (privateLinkService)
        {
            target = Emulator.ResourceId("rg-customer", "Microsoft.Network/privateLinkServices", "pls-vm");
            Emulator.SeedPrivateLinkService(target, "pls-vm.6f0b0f0e-1111-4c4c-9d9d-0123456789ab.eastus.azure.privatelinkservice");
        }
        else
        {
            target = SeedSqlServer(access: TargetAccess.OtherTenant);
        }

        ArmPrivateEndpointClient sut = CreateSut();
        TargetPreflight preflight = await sut.PreflightTargetAsync(target, Timeout);
        PrivateEndpointCreateStarted started = await sut.BeginCreatePrivateEndpointAsync(Request(target, groupId: privateLinkService ? null : "sqlServer"), Timeout);
        OperationStatus status;
        do
        {
            clock.Advance(TimeSpan.FromSeconds(10));
            status = await sut.GetOperationStatusAsync(started.Operation, Timeout);
        }
        while (status.State == OperationState.InProgress);

        PrivateEndpointInfo? created = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);
        Emulator.ApproveConnection("pe-dest-1");
        clock.Advance(TimeSpan.FromSeconds(5));
        PrivateEndpointInfo? approved = await sut.GetPrivateEndpointAsync("pe-dest-1", Timeout);

        Assert.Equal(TargetReadability.Unreadable, preflight.Readability);
        Assert.Equal(OperationState.Succeeded, status.State);
        Assert.Equal(ConnectionStatus.Pending, created!.ConnectionStatus);
        Assert.Equal(["10.0.0.4"], approved!.PrivateIpAddresses);
        Assert.Equal(expected, Emulator.CountRequests());
        Assert.Equal(1, Emulator.CountRequests("GET", "/networkInterfaces/"));
    }
}
