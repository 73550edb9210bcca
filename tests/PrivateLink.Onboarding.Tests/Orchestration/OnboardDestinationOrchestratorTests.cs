using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Tests.Support;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>The real orchestrator on the in-process engine, with fake ARM and probes behind the seams.</summary>
public sealed class OnboardDestinationOrchestratorTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string TargetId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await WorkflowHarness.StartAsync();
        _harness.Arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task RunAsync_CustomerApproves_EndsReadyWithProbeResultsAndOneEvent()
    {
        OnboardDestinationInput input = Input("dst-happy", ports: [new PortMapping(5432, null), new PortMapping(6432, null)]);

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(
            [OnboardingStage.Validating, OnboardingStage.CreatingEndpoint, OnboardingStage.AwaitingApproval, OnboardingStage.CheckingConnectivity, OnboardingStage.Ready],
            status.Timeline.Select(t => t.Stage));
        Assert.Equal([5432, 6432], status.Probes!.Select(p => p.Port));
        Assert.All(_harness.Probe.Requests, r => Assert.Equal(("127.0.0.1", "pg1.postgres.database.azure.com", ProbeProtocol.PostgreSql), (r.ConnectAddress, r.HostName, r.Protocol)));
        Assert.Equal([OnboardingStage.AwaitingApproval, OnboardingStage.Ready], _harness.Events.Events.Select(e => e.Stage));
        Assert.True(_harness.Arm.Exists(input.EndpointName));
        Assert.Equal(1, _harness.Arm.EndpointsCreatedEver);
    }

    [Fact]
    public async Task RunAsync_TargetMissing_EndsValidationFailedWithoutEndpoint()
    {
        OnboardDestinationInput input = Input("dst-missing") with { TargetResourceId = TargetId.Replace("pg1", "nope", StringComparison.Ordinal) };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.ValidationFailed, status.Stage);
        Assert.Contains("does not exist", status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _harness.Arm.Creates);
    }

    [Fact]
    public async Task RunAsync_GroupIdNotOffered_EndsValidationFailed()
    {
        _harness.Arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["somethingElse"]);
        OnboardDestinationInput input = Input("dst-groupid");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.ValidationFailed, status.Stage);
        Assert.Contains("postgresqlServer", status.Detail, StringComparison.Ordinal);
        Assert.Equal(0, _harness.Arm.Creates);
    }

    [Fact]
    public async Task RunAsync_ApprovalTimesOut_DeletesEndpoint()
    {
        OnboardDestinationInput input = Input("dst-timeout") with { ApprovalTimeout = TimeSpan.FromSeconds(1) };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        Assert.Equal(OnboardingStage.ApprovalTimedOut, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
        Assert.Equal(1, _harness.Arm.Deletes);
        Assert.Equal([OnboardingStage.AwaitingApproval, OnboardingStage.ApprovalTimedOut], _harness.Events.Events.Select(e => e.Stage));
    }

    [Fact]
    public async Task RunAsync_CustomerRejects_DeletesEndpointAndEndsRejected()
    {
        OnboardDestinationInput input = Input("dst-reject");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Rejected, "not ours");
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.Rejected, status.Stage);
        Assert.Contains("not ours", status.Detail, StringComparison.Ordinal);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
        Assert.Empty(_harness.Probe.Requests);
    }

    [Fact]
    public async Task RunAsync_EventWhileArmStillPending_IsIgnoredAndKeepsWaiting()
    {
        OnboardDestinationInput input = Input("dst-forged");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        await WorkflowHarness.WaitUntilAsync(() => _harness.Arm.StateReads >= 2, _timeout.Token); // the read after the create, then the event's check
        OrchestrationMetadata stillWaiting = (await _harness.Client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, _timeout.Token))!;
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, stillWaiting.RuntimeStatus);
        Assert.Equal(OnboardingStage.AwaitingApproval, stillWaiting.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(OnboardingStage.Ready, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(3, _harness.Arm.StateReads); // one read after the create's operation succeeded, one per event
    }

    [Fact]
    public async Task RunAsync_EventBeforeEndpointExists_IsCheckedAgainstArmAfterCreation()
    {
        OnboardDestinationInput input = Input("dst-early");
        _harness.Arm.CreateGate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.CreatingEndpoint, _timeout.Token);
        await _harness.RaiseApprovalAsync(input, _timeout.Token);
        _harness.Arm.CreateGate.SetResult();
        await WorkflowHarness.WaitUntilAsync(() => _harness.Arm.StateReads >= 2, _timeout.Token); // the read after the create, then the event's check
        OrchestrationMetadata waiting = (await _harness.Client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, _timeout.Token))!;

        Assert.Equal(OnboardingStage.AwaitingApproval, waiting.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(OrchestrationRuntimeStatus.Running, waiting.RuntimeStatus);
    }

    [Fact]
    public async Task RunAsync_CancelledWhileWaiting_DeletesEndpoint()
    {
        OnboardDestinationInput input = Input("dst-cancel");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        await _harness.Client.RaiseEventAsync(input.InstanceId, WorkflowEvents.CancelRequested, new CancelRequestedEvent("customer withdrew"), _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.Cancelled, status.Stage);
        Assert.Contains("customer withdrew", status.Detail, StringComparison.Ordinal);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_FloodOfUnconfirmedNotifications_NeitherFailsNorDeletesAndArmStillDecides()
    {
        // Before: the 200th unconfirmed notification ended the onboarding Failed and deleted its endpoint.
        // The deadline is far enough out that the 200 confirming reads end before the one slow-poll read (just before it), even on a loaded machine.
        OnboardDestinationInput input = Input("dst-flood") with { ApprovalTimeout = TimeSpan.FromSeconds(60) };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(180));

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        int readsBefore = _harness.Arm.StateReads; // the create's own read of the new endpoint
        for (int i = 0; i < OnboardDestinationOrchestrator.MaxUnconfirmedNotifications + 50; i++)
        {
            await _harness.RaiseApprovalAsync(input, _timeout.Token);
        }

        await WorkflowHarness.WaitUntilAsync(() => _harness.Arm.StateReads >= readsBefore + OnboardDestinationOrchestrator.MaxUnconfirmedNotifications, _timeout.Token);
        OrchestrationMetadata afterFlood = (await _harness.Client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, timeout.Token))!;
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        OrchestrationMetadata done = await _harness.Client.WaitForInstanceCompletionAsync(input.InstanceId, getInputsAndOutputs: true, timeout.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Running, afterFlood.RuntimeStatus);
        Assert.Equal(OnboardingStage.AwaitingApproval, afterFlood.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(OnboardingStage.Ready, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(0, _harness.Arm.Deletes);
        Assert.True(_harness.Arm.Exists(input.EndpointName));

        // The 50 excess notifications were never read from ARM: one slow-poll read decided.
        Assert.Equal(readsBefore + OnboardDestinationOrchestrator.MaxUnconfirmedNotifications + 1, _harness.Arm.StateReads);
    }

    [Fact]
    public async Task RunAsync_Commands_RecordWhoAskedInTimelineAndEvents()
    {
        var submitter = new Actor("11111111-1111-1111-1111-111111111111", "app-ticketing", "Ticket system");
        var approver = new Actor("22222222-2222-2222-2222-222222222222", null, "Operator One");
        OnboardDestinationInput input = Input("dst-audit") with { RequestedBy = submitter };

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        _harness.Arm.SetStatus(input.EndpointName, ConnectionStatus.Approved);
        await _harness.Client.RaiseEventAsync(input.InstanceId, WorkflowEvents.ConnectionStateChanged, new ConnectionStateChangedEvent("api", null, approver), _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(submitter, status.Timeline.Single(t => t.Stage == OnboardingStage.Validating).Actor);
        Assert.Equal(approver, status.Timeline.Single(t => t.Stage == OnboardingStage.CheckingConnectivity).Actor);
        Assert.Null(status.Timeline.Single(t => t.Stage == OnboardingStage.CreatingEndpoint).Actor);
    }

    [Fact]
    public async Task RunAsync_Cancel_RecordsTheCancellerOnTheStageAndTheEvent()
    {
        var canceller = new Actor("33333333-3333-3333-3333-333333333333", "app-console", "Operator Two");
        OnboardDestinationInput input = Input("dst-audit-cancel");

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        await _harness.WaitForStageAsync(input, OnboardingStage.AwaitingApproval, _timeout.Token);
        await _harness.Client.RaiseEventAsync(input.InstanceId, WorkflowEvents.CancelRequested, new CancelRequestedEvent("withdrawn", canceller), _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(canceller, status.Timeline[^1].Actor);
        Assert.Equal(canceller, _harness.Events.Events.Single(e => e.Stage == OnboardingStage.Cancelled).Actor);
    }

    [Fact]
    public async Task RunAsync_PortRefused_EndsConnectivityFailedAndKeepsEndpoint()
    {
        OnboardDestinationInput input = Input("dst-refused", ports: [new PortMapping(5432, null), new PortMapping(5433, null)]);
        _harness.Probe.Fail(5433, ProbeStatus.Refused);
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        Assert.Equal(OnboardingStage.ConnectivityFailed, status.Stage);
        Assert.Contains("5433: Refused", status.Detail, StringComparison.Ordinal);
        Assert.True(_harness.Arm.Exists(input.EndpointName));
        Assert.DoesNotContain(status.Timeline, t => t.Stage == OnboardingStage.AwaitingApproval);
    }

    [Fact]
    public async Task RunAsync_ArmRefusesCreate_FailsWithArmMessageAndCleansUp()
    {
        OnboardDestinationInput input = Input("dst-armfail");
        _harness.Arm.FailNextCreate(new ArmRequestException(403, "AuthorizationFailed", "The client does not have authorization to perform action."));

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        OnboardingStatus status = done.ReadCustomStatusAs<OnboardingStatus>()!;
        // A refused PUT is a handled outcome now (the activity reports it instead of throwing), so the orchestration completes.
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(OnboardingStage.Failed, status.Stage);
        Assert.Contains("does not have authorization", status.Detail, StringComparison.Ordinal);
        Assert.Equal(1, _harness.Arm.Creates);
        Assert.Equal(1, _harness.Arm.Deletes);
    }

    [Fact]
    public async Task RunAsync_TransientArmFailure_RetriesAndCreatesOneEndpoint()
    {
        OnboardDestinationInput input = Input("dst-transient");
        _harness.Arm.FailNextCreate(new ArmTransientException(429, "SubscriptionTooManyRequests", "throttled", TimeSpan.FromSeconds(1)));
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);

        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);

        Assert.Equal(OnboardingStage.Ready, done.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Equal(2, _harness.Arm.Creates);
        Assert.Equal(1, _harness.Arm.EndpointsCreatedEver);
    }

    private static OnboardDestinationInput Input(string destinationId, IReadOnlyList<PortMapping>? ports = null) => new(
        destinationId,
        DestinationType.AzurePostgreSql,
        TargetId,
        null,
        "pg1.postgres.database.azure.com",
        ports ?? [new PortMapping(5432, null)],
        true,
        "SUP-1",
        TimeSpan.FromMinutes(10),
        null,
        Limits: WorkflowTestLimits.Fast);
}
