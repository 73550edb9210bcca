using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Tests.Support;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>The orchestrator against what real ARM does (unreadable targets, long and failing operations, 409s, NIC addresses, stale endpoints), on the in-process engine.</summary>
public sealed class RealArmBehaviourTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string PgTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private const string LakeTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";
    private const string BusTarget = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.ServiceBus/namespaces/bus1";
    private const string SnowflakeAlias = "sf-pvlinksvc-azwesteurope.1b2c3d4e-0000-4000-8000-00000000abcd.westeurope.azure.privatelinkservice";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await WorkflowHarness.StartAsync();
        _harness.Arm.AddTarget(PgTarget, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task RunAsync_TargetInAnotherTenant_ContinuesWithTheMatrixGroupIdAndSaysItCouldNotVerify()
    {
        _harness.Arm.MakeUnreadable(PgTarget, "InvalidAuthenticationTokenTenant");
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
        OnboardDestinationInput input = Input("dst-tenant");

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.False(status.Preflight!.Readable);
        Assert.Contains("another Entra tenant", status.Preflight.Summary, StringComparison.Ordinal);
        Assert.Contains("postgresqlServer", status.Preflight.Summary, StringComparison.Ordinal);
        Assert.Equal("postgresqlServer", Assert.Single(_harness.Arm.Puts).GroupId);
    }

    [Fact]
    public async Task RunAsync_ReadableTarget_ReportsThePreflightInTheStatus()
    {
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        OnboardingStatus status = await RunToEndAsync(Input("dst-preflight"));

        Assert.True(status.Preflight!.Readable);
        Assert.Equal("eastus", status.Preflight.Location);
        Assert.Equal(["postgresqlServer"], status.Preflight.GroupIdsOffered);
    }

    [Fact]
    public async Task RunAsync_ServiceBusStandard_RefusedAtPreflight()
    {
        _harness.Arm.AddTarget(BusTarget, "Microsoft.ServiceBus/namespaces", ["namespace"], skuTier: "Standard");
        OnboardDestinationInput input = Input("dst-bus-std") with { DestinationType = DestinationType.AzureServiceBus, TargetResourceId = BusTarget, HostName = "bus1.servicebus.windows.net", Ports = [new PortMapping(443, null)] };

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.ValidationFailed, status.Stage);
        Assert.Contains("Premium", status.Detail, StringComparison.Ordinal);
        Assert.Empty(_harness.Arm.Puts);
    }

    [Fact]
    public async Task RunAsync_SnowflakeAliasNotVisibleYet_CreatesTheEndpointOnTheAlias()
    {
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
        OnboardDestinationInput input = Input("dst-snow") with { DestinationType = DestinationType.Snowflake, TargetResourceId = SnowflakeAlias, HostName = "acme.west-europe.privatelink.snowflakecomputing.com", Ports = [new PortMapping(443, null)] };

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        CreatePrivateEndpointRequest put = Assert.Single(_harness.Arm.Puts);
        Assert.Equal((SnowflakeAlias, (string?)null), (put.TargetResourceId, put.GroupId));
        Assert.False(status.Preflight!.Readable);
    }

    [Fact]
    public async Task RunAsync_LongCreate_PolledFromTheOrchestratorUntilDone()
    {
        _harness.Arm.PollsPerOperation = 5;
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        OnboardingStatus status = await RunToEndAsync(Input("dst-long"));

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(1, _harness.Arm.Creates);
        Assert.Equal(6, _harness.Arm.Polls); // five InProgress answers, then Succeeded: each a separate activity between durable timers
    }

    [Theory]
    [InlineData("RetryableError")]
    [InlineData("ConflictError")]
    [InlineData("StorageAccountOperationInProgress")]
    [InlineData("InvalidPrivateLinkServiceId")]
    public async Task RunAsync_CreateOperationFailsTransiently_RePutsByNameAndSucceeds(string code)
    {
        _harness.Arm.FailNextOperations(code);
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        OnboardingStatus status = await RunToEndAsync(Input("dst-retry"));

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(2, _harness.Arm.Creates);
        Assert.Equal(1, _harness.Arm.EndpointsCreatedEver);
        Assert.Equal(0, _harness.Arm.Deletes);
    }

    [Fact]
    public async Task RunAsync_AliasStaysInvalid_GivesUpAfterTheBoundAndDeletes()
    {
        _harness.Arm.FailNextOperations(Enumerable.Repeat("InvalidPrivateLinkServiceId", 20).ToArray());
        OnboardDestinationInput input = Input("dst-bound");

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Failed, status.Stage);
        Assert.Contains("InvalidPrivateLinkServiceId", status.Detail, StringComparison.Ordinal);
        Assert.Equal(WorkflowTestLimits.Fast.MaxTransientRetries + 1, _harness.Arm.Creates);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_PutAnswers409AnotherOperationInProgress_RePutsAfterRetryAfter()
    {
        _harness.Arm.FailNextCreate(new ArmTransientException(409, "AnotherOperationInProgress", "Another operation on this or dependent resource is in progress.", TimeSpan.FromMilliseconds(100)));
        _harness.Arm.FailNextCreate(new ArmTransientException(409, "AnotherOperationInProgress", "Another operation on this or dependent resource is in progress.", null));
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        OnboardingStatus status = await RunToEndAsync(Input("dst-409"));

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(3, _harness.Arm.Creates);
    }

    [Fact]
    public async Task RunAsync_PolicyDeniesThePut_FailsWithAClearMessage()
    {
        _harness.Arm.FailNextCreate(new ArmRequestException(403, "RequestDisallowedByPolicy", "Resource 'pe-onboard-dst-policy' was disallowed by policy."));

        OnboardingStatus status = await RunToEndAsync(Input("dst-policy"));

        Assert.Equal(OnboardingStage.Failed, status.Stage);
        Assert.Contains("Azure Policy", status.Detail, StringComparison.Ordinal);
        Assert.Contains("RequestDisallowedByPolicy", status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CleanupDeleteHits409_IsRetriedAndTheEndpointDoesNotLeak()
    {
        OnboardDestinationInput input = Input("dst-leak");
        _harness.Arm.FailNextDelete(new ArmTransientException(409, "AnotherOperationInProgress", "A DNS zone group is being added.", null));
        _harness.Arm.FailNextDelete(new ArmTransientException(409, "AnotherOperationInProgress", "A DNS zone group is being added.", TimeSpan.FromMilliseconds(100)));

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Rejected, "no");
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OnboardingStatus status = (await _harness.WaitForCompletionAsync(input, _timeout.Token)).ReadCustomStatusAs<OnboardingStatus>()!;

        Assert.Equal(OnboardingStage.Rejected, status.Stage);
        Assert.DoesNotContain("could not be deleted", status.Detail, StringComparison.Ordinal);
        Assert.Equal(3, _harness.Arm.Deletes);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_AddressOnlyOnTheNicAfterApproval_ReReadsUntilPresentAndProbesThatIp()
    {
        _harness.Arm.ReadsWithoutAddress = 2;
        _harness.Arm.PrivateIp = "10.20.0.7";
        OnboardDestinationInput input = Input("dst-nic");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OnboardingStatus status = (await _harness.WaitForCompletionAsync(input, _timeout.Token)).ReadCustomStatusAs<OnboardingStatus>()!;

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(["10.20.0.7"], status.Endpoint!.PrivateIpAddresses);
        Assert.All(_harness.Probe.Requests, r => Assert.Equal("10.20.0.7", r.ConnectAddress));
    }

    [Fact]
    public async Task RunAsync_NoPrivateIpEver_EndsConnectivityFailedWithoutFallingBackToTheHostName()
    {
        _harness.Arm.ReadsWithoutAddress = -1;
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
        OnboardDestinationInput input = Input("dst-noip");

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.ConnectivityFailed, status.Stage);
        Assert.Contains("No private IP address", status.Detail, StringComparison.Ordinal);
        Assert.Contains("never falls back", status.Detail, StringComparison.Ordinal);
        Assert.Empty(_harness.Probe.Requests);
        Assert.True(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_SameNamedEndpointLeftRejected_IsDeletedBeforeANewCreate()
    {
        OnboardDestinationInput input = Input("dst-stale");
        _harness.Arm.SeedEndpoint(input.EndpointName, ConnectionStatus.Rejected, input.DestinationId);

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        OrchestrationMetadata waiting = (await _harness.Client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, _timeout.Token))!;

        Assert.Equal(ConnectionStatus.Pending, waiting.ReadCustomStatusAs<OnboardingStatus>()!.Endpoint!.ConnectionStatus);
        Assert.Equal(1, _harness.Arm.Deletes);
        Assert.Equal(2, _harness.Arm.Creates);
        Assert.Equal(1, _harness.Arm.EndpointsCreatedEver);
    }

    [Fact]
    public async Task RunAsync_CancelWhileTheCreateIsPolled_StopsPollingAndDeletes()
    {
        _harness.Arm.PollsPerOperation = 10_000;
        OnboardDestinationInput input = Input("dst-cancel-poll");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await WorkflowHarness.WaitUntilAsync(() => _harness.Arm.Polls >= 2, _timeout.Token);
        await _harness.Client.RaiseEventAsync(input.InstanceId, WorkflowEvents.CancelRequested, new CancelRequestedEvent("wrong target"), _timeout.Token);
        _harness.Arm.PollsPerOperation = 0;
        OnboardingStatus status = (await _harness.WaitForCompletionAsync(input, _timeout.Token)).ReadCustomStatusAs<OnboardingStatus>()!;

        Assert.Equal(OnboardingStage.Cancelled, status.Stage);
        Assert.Contains("wrong target", status.Detail, StringComparison.Ordinal);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_AdlsGen2_CreatesApprovesAndProbesBlobAndDfsEndpoints()
    {
        _harness.Arm.AddTarget(LakeTarget, "Microsoft.Storage/storageAccounts", ["blob", "table", "queue", "file", "web", "dfs"]);
        OnboardDestinationInput input = Input("dst-lake") with { DestinationType = DestinationType.AzureDataLakeStorage, TargetResourceId = LakeTarget, HostName = "lake1.dfs.core.windows.net", GroupId = "dfs", Ports = [new PortMapping(443, null)] };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus("pe-onboard-dst-lake", ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        await WorkflowHarness.WaitUntilAsync(() => _harness.Arm.StateReads >= 4, _timeout.Token);
        OrchestrationMetadata half = (await _harness.Client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, _timeout.Token))!;
        _harness.Arm.SetStatus("pe-onboard-dst-lake-blob", ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OnboardingStatus status = (await _harness.WaitForCompletionAsync(input, _timeout.Token)).ReadCustomStatusAs<OnboardingStatus>()!;

        Assert.Equal(OnboardingStage.AwaitingApproval, half.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal([("pe-onboard-dst-lake", "dfs"), ("pe-onboard-dst-lake-blob", "blob")], _harness.Arm.Puts.Select(p => (p.EndpointName, p.GroupId!)));
        Assert.Equal(["lake1.dfs.core.windows.net", "lake1.blob.core.windows.net"], status.Endpoints!.Select(e => e.HostName));
        Assert.Equal(2, status.Probes!.Count);
        Assert.Equal(
            ["lake1.blob.core.windows.net", "lake1.dfs.core.windows.net"],
            _harness.Probe.Requests.Select(r => r.HostName).Order(StringComparer.Ordinal));
        Assert.Equal("pe-onboard-dst-lake", status.Endpoint!.Name);

        // Subscribers get both endpoints: the connectors of a data lake reach it through dfs, which is not the first one here.
        DestinationEvent ready = _harness.Events.Events.Single(e => e.DestinationId == input.DestinationId && e.Stage == OnboardingStage.Ready);
        Assert.Equal(
            [("pe-onboard-dst-lake", "dfs", "lake1.dfs.core.windows.net", ConnectionStatus.Approved, 1), ("pe-onboard-dst-lake-blob", "blob", "lake1.blob.core.windows.net", ConnectionStatus.Approved, 1)],
            ready.Endpoints!.Select(e => (e.Name, e.GroupId!, e.HostName, e.Endpoint!.ConnectionStatus, e.Probes!.Count)));
        Assert.Equal("pe-onboard-dst-lake", ready.Endpoint!.Name);
    }

    [Fact]
    public async Task RunAsync_AdlsGen2OnSixteenPorts_CustomStatusFitsTheTaskHubAndTheViewReadsTheWholeDocument()
    {
        _harness.Arm.AddTarget(LakeTarget, "Microsoft.Storage/storageAccounts", ["blob", "dfs"]);
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
        OnboardDestinationInput input = Input("dst-lake-ports") with
        {
            DestinationType = DestinationType.AzureDataLakeStorage, TargetResourceId = LakeTarget, HostName = "lake1.dfs.core.windows.net", GroupId = "dfs",
            Ports = [.. Enumerable.Range(0, 16).Select(i => new PortMapping(10443 + i, null))],
        };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        // 32 probes and the summary of each in the detail do not fit the 16 KB custom status, even without their TLS sessions: it keeps
        // the endpoints without probes; the output keeps everything.
        int bytes = System.Text.Encoding.Unicode.GetByteCount(done.SerializedCustomStatus!);
        Assert.True(bytes <= OnboardingStatus.MaxCustomStatusBytes, $"custom status of {bytes} UTF-16 bytes");
        OnboardingStatus published = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.Ready, published.Stage);
        Assert.Equal([ConnectionStatus.Approved, ConnectionStatus.Approved], published.Endpoints!.Select(e => e.Endpoint!.ConnectionStatus));
        Assert.Null(published.Probes);
        OnboardingView view = TaskHubOnboardingQueries.ToView(done);
        Assert.Equal(OnboardingStage.Ready, view.Stage);
        Assert.Equal(32, view.Probes!.Count);
        Assert.All(view.Probes, p => Assert.Equal("Tls13", p.Tls!.Version));
        Assert.True(input.IsSameRequestAs(view.Request!));
    }

    [Fact]
    public async Task RunAsync_CosmosDbForMongoDb_ProbesWithTheMongoWireProtocol()
    {
        const string Cosmos = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DocumentDB/databaseAccounts/docs1";
        _harness.Arm.AddTarget(Cosmos, "Microsoft.DocumentDB/databaseAccounts", ["MongoDB"]);
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
        OnboardDestinationInput input = Input("dst-mongo") with { DestinationType = DestinationType.AzureCosmosDb, TargetResourceId = Cosmos, GroupId = "MongoDB", HostName = "docs1.mongo.cosmos.azure.com", Ports = [new PortMapping(10255, null)] };

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal("MongoDB", Assert.Single(_harness.Arm.Puts).GroupId);
        Assert.Equal((ProbeProtocol.MongoDb, 10255), (Assert.Single(_harness.Probe.Requests).Protocol, _harness.Probe.Requests.Single().Port));
    }

    private static OnboardDestinationInput Input(string destinationId) => new(
        destinationId,
        DestinationType.AzurePostgreSql,
        PgTarget,
        null,
        "pg1.postgres.database.azure.com",
        [new PortMapping(5432, null)],
        true,
        "SUP-1",
        TimeSpan.FromMinutes(10),
        null,
        Limits: WorkflowTestLimits.Fast);

    private async Task<OnboardingStatus> RunToEndAsync(OnboardDestinationInput input)
    {
        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);
        return done.ReadCustomStatusAs<OnboardingStatus>()!;
    }
}
