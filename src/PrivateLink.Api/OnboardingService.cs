using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api;

/// <summary>The operations every intake (HTTP, webhooks, Service Bus) performs on onboardings, over a <see cref="DurableTaskClient"/>.</summary>
/// <remarks>One instance per destination (<c>onboard-{destinationId}</c>): a repeated request finds the running instance instead of starting a second one.</remarks>
public sealed class OnboardingService(DurableTaskClient client)
{
    /// <summary>The instance id prefix of every onboarding.</summary>
    public const string InstancePrefix = "onboard-";

    /// <summary>The largest page the list returns.</summary>
    public const int MaxPageSize = 100;

    private static readonly IReadOnlyList<string> NonTerminalStatuses =
        [nameof(OrchestrationRuntimeStatus.Pending), nameof(OrchestrationRuntimeStatus.Running), nameof(OrchestrationRuntimeStatus.Suspended)];

    /// <summary>Starts an onboarding unless the same request is already running or done, or a different one blocks it.</summary>
    /// <param name="input">The validated request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    public async Task<SubmitResult> SubmitAsync(OnboardDestinationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        OrchestrationMetadata? existing = await client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null && Decide(existing, input) is { } decided)
        {
            return decided;
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(OnboardDestinationOrchestrator),
                input,
                new StartOrchestrationOptions(input.InstanceId) { DedupeStatuses = NonTerminalStatuses },
                cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent submission for the same destination won the race: answer from what it started.
            OrchestrationMetadata? winner = await client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (winner is not null && winner.IsRunning && Decide(winner, input) is { } raced)
            {
                return raced;
            }

            throw;
        }

        OnboardingMetrics.RecordStarted(input.DestinationType.ToString());
        return new SubmitResult(SubmitOutcome.Started, null, null);
    }

    /// <summary>Reads one onboarding.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The onboarding, or null when there is none.</returns>
    public async Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : ToView(metadata);
    }

    /// <summary>Lists onboardings, one page at a time, optionally only those in one stage.</summary>
    /// <param name="stage">Only this stage, or null for all.</param>
    /// <param name="continuationToken">The token of the previous page.</param>
    /// <param name="pageSize">How many instances to read for this page (1 to <see cref="MaxPageSize"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; with a stage filter it may hold fewer items than <paramref name="pageSize"/> while a continuation token remains.</returns>
    public async Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize);
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = InstancePrefix,
            PageSize = pageSize,
            ContinuationToken = continuationToken,
            FetchInputsAndOutputs = true,
        };
        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            List<OnboardingView> items = page.Values.Select(ToView).Where(v => stage is null || v.Stage == stage).ToList();
            return new OnboardingPage(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new OnboardingPage([], null);
    }

    /// <summary>Tells a waiting onboarding that the customer acted; the workflow checks ARM before believing it.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="source">Which intake says so (for the log).</param>
    /// <param name="actor">Who says so (recorded on the timeline when ARM confirms).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when the onboarding is not waiting for approval.</returns>
    public async Task<CommandResult> NotifyApprovalAsync(string destinationId, string source, Actor actor, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        OnboardingView view = ToView(metadata);
        if (!metadata.IsRunning || metadata.Name != nameof(OnboardDestinationOrchestrator)
            || view.Stage is not (OnboardingStage.Submitted or OnboardingStage.Validating or OnboardingStage.CreatingEndpoint or OnboardingStage.AwaitingApproval))
        {
            return CommandResult.Conflict($"Destination {destinationId} is not waiting for approval (stage {view.Stage}).");
        }

        await client.RaiseEventAsync(metadata.InstanceId, WorkflowEvents.ConnectionStateChanged, new ConnectionStateChangedEvent(source, null, actor), cancellationToken);
        return CommandResult.Accepted;
    }

    /// <summary>Stops a running onboarding; its endpoint is deleted.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="reason">Why, for the timeline.</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when nothing is running.</returns>
    public async Task<CommandResult> CancelAsync(string destinationId, string? reason, Actor actor, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        // A workflow that already entered its final stage may still be publishing its events: nothing left to cancel.
        if (!metadata.IsRunning || metadata.Name != nameof(OnboardDestinationOrchestrator) || ToView(metadata).Stage.IsTerminal())
        {
            return CommandResult.Conflict($"No onboarding of destination {destinationId} is running; to remove an onboarded destination use DELETE.");
        }

        await client.RaiseEventAsync(metadata.InstanceId, WorkflowEvents.CancelRequested, new CancelRequestedEvent(reason, actor), cancellationToken);
        return CommandResult.Accepted;
    }

    /// <summary>Offboards a destination whose workflow has ended: deletes its endpoint.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict while a workflow runs (cancel it instead).</returns>
    public Task<CommandResult> OffboardAsync(string destinationId, Actor actor, CancellationToken cancellationToken) =>
        RestartAsync(destinationId, nameof(OffboardDestinationOrchestrator), requireApprovedEndpoint: false, actor, cancellationToken);

    /// <summary>Runs the connectivity check of a Ready or ConnectivityFailed destination again.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="actor">Who asked.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when the destination has no approved endpoint or a workflow runs.</returns>
    public Task<CommandResult> RecheckAsync(string destinationId, Actor actor, CancellationToken cancellationToken) =>
        RestartAsync(destinationId, nameof(RecheckDestinationOrchestrator), requireApprovedEndpoint: true, actor, cancellationToken);

    /// <summary>Checks the health of a Ready or Degraded destination: its endpoints in ARM, then a re-probe (see <see cref="HealthCheckDestinationOrchestrator"/>).</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="actor">Who asked (the watcher).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when the destination is not watched or a workflow runs.</returns>
    public async Task<CommandResult> CheckHealthAsync(string destinationId, Actor actor, CancellationToken cancellationToken)
    {
        OnboardingView? view = await GetAsync(destinationId, cancellationToken);
        return view is null ? CommandResult.NotFound
            : !view.Stage.IsWatchedForHealth() ? CommandResult.Conflict($"Only Ready or Degraded destinations are health-checked; {destinationId} is {view.Stage}.")
            : await RestartAsync(destinationId, nameof(HealthCheckDestinationOrchestrator), requireApprovedEndpoint: true, actor, cancellationToken);
    }

    private async Task<CommandResult> RestartAsync(string destinationId, string orchestrator, bool requireApprovedEndpoint, Actor actor, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        OnboardingView view = ToView(metadata);
        if (metadata.IsRunning)
        {
            return CommandResult.Conflict($"A workflow for destination {destinationId} is running (stage {view.Stage}); cancel it or wait for it to end.");
        }

        if (requireApprovedEndpoint && !view.Stage.HasApprovedEndpoint())
        {
            return CommandResult.Conflict($"Only Ready, ConnectivityFailed or Degraded destinations can be re-checked; {destinationId} is {view.Stage}.");
        }

        if (view.Request is null)
        {
            return CommandResult.Conflict($"The workflow of destination {destinationId} has no readable request; submit it again.");
        }

        OnboardingStatus? previous = metadata.ReadCustomStatusAs<OnboardingStatus>();
        await client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator,
            new RecheckInput(view.Request, previous, actor),
            new StartOrchestrationOptions(metadata.InstanceId) { DedupeStatuses = NonTerminalStatuses },
            cancellationToken);
        return CommandResult.Accepted;
    }

    private static SubmitResult? Decide(OrchestrationMetadata existing, OnboardDestinationInput input)
    {
        OnboardingView view = ToView(existing);
        bool same = view.Request is not null && view.Request.IsSameRequestAs(input);
        if (existing.IsRunning)
        {
            return same
                ? new SubmitResult(SubmitOutcome.AlreadyExists, view, null)
                : new SubmitResult(SubmitOutcome.Conflict, view, $"A different onboarding request for destination {input.DestinationId} is running (stage {view.Stage}); cancel it first.");
        }

        if (view.Stage.HasApprovedEndpoint())
        {
            return same
                ? new SubmitResult(SubmitOutcome.AlreadyExists, view, null)
                : new SubmitResult(SubmitOutcome.Conflict, view, $"Destination {input.DestinationId} is onboarded ({view.Stage}) with a different request; offboard it first.");
        }

        // Ended without an endpoint (failed, rejected, timed out, cancelled, offboarded): a new submission starts over.
        return null;
    }

    /// <summary>Builds the API view of an onboarding instance.</summary>
    /// <param name="metadata">The instance, read with inputs and outputs.</param>
    /// <returns>The view.</returns>
    internal static OnboardingView ToView(OrchestrationMetadata metadata)
    {
        OnboardingStatus? status = metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<OnboardingStatus>();
        OnboardDestinationInput? request = metadata.SerializedInput is null
            ? null
            : metadata.Name == nameof(OnboardDestinationOrchestrator)
                ? metadata.ReadInputAs<OnboardDestinationInput>()
                : metadata.ReadInputAs<RecheckInput>()?.Request;
        string destinationId = metadata.InstanceId.StartsWith(InstancePrefix, StringComparison.Ordinal)
            ? metadata.InstanceId[InstancePrefix.Length..]
            : metadata.InstanceId;
        OnboardingStage stage = status?.Stage ?? OnboardingStage.Submitted;
        string? error = metadata.FailureDetails?.ErrorMessage;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
        {
            stage = OnboardingStage.Failed;
            error ??= "The workflow was terminated by an operator.";
        }

        return new OnboardingView(
            destinationId,
            stage,
            metadata.RuntimeStatus.ToString(),
            status?.Detail,
            status?.EnteredAtUtc,
            status?.Timeline ?? [],
            status?.Endpoint,
            status?.Probes,
            request,
            metadata.CreatedAt.UtcDateTime,
            metadata.LastUpdatedAt.UtcDateTime,
            error,
            status?.Preflight,
            status?.Endpoints);
    }
}
