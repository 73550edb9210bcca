using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Onboarding.Service;

/// <summary>The commands and queries every intake (HTTP, ticket webhooks, Service Bus, the approval watcher) performs on onboardings.</summary>
/// <remarks>
/// One instance per destination (<c>onboard-{destinationId}</c>): a repeated request finds the running instance instead of starting a second one.
/// Commands decide on the instance and its status document; queries go through <see cref="IOnboardingQueries"/>, so a different read
/// model can answer them.
/// </remarks>
public sealed class OnboardingService : IOnboardingQueries
{
    /// <summary>The instance id prefix of every onboarding.</summary>
    public const string InstancePrefix = "onboard-";

    /// <summary>The largest page the list returns.</summary>
    public const int MaxPageSize = 100;

    private static readonly IReadOnlyList<string> NonTerminalStatuses =
        [nameof(OrchestrationRuntimeStatus.Pending), nameof(OrchestrationRuntimeStatus.Running), nameof(OrchestrationRuntimeStatus.Suspended)];

    private readonly DurableTaskClient _client;
    private readonly IOnboardingQueries _queries;

    /// <summary>Initializes a new instance of the <see cref="OnboardingService"/> class whose queries read the task hub.</summary>
    /// <param name="client">The task hub client.</param>
    public OnboardingService(DurableTaskClient client)
        : this(client, new TaskHubOnboardingQueries(client))
    {
    }

    /// <summary>Initializes a new instance of the <see cref="OnboardingService"/> class.</summary>
    /// <param name="client">The task hub client the commands use.</param>
    /// <param name="queries">The read model the queries use.</param>
    public OnboardingService(DurableTaskClient client, IOnboardingQueries queries)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(queries);
        _client = client;
        _queries = queries;
    }

    /// <summary>Starts an onboarding unless the same request is already running or done, or a different one blocks it.</summary>
    /// <param name="input">The validated request.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    public async Task<CommandResult> SubmitAsync(OnboardDestinationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        OrchestrationMetadata? existing = await _client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (existing is not null && Decide(existing, input) is { } decided)
        {
            return decided;
        }

        try
        {
            await _client.ScheduleNewOrchestrationInstanceAsync(
                nameof(OnboardDestinationOrchestrator),
                input,
                new StartOrchestrationOptions(input.InstanceId) { DedupeStatuses = NonTerminalStatuses },
                cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A concurrent submission for the same destination won the race: answer from what it started.
            OrchestrationMetadata? winner = await _client.GetInstanceAsync(input.InstanceId, getInputsAndOutputs: true, cancellationToken);
            if (winner is not null && InFlight(winner) && Decide(winner, input) is { } raced)
            {
                return raced;
            }

            throw;
        }

        OnboardingMetrics.RecordStarted(input.DestinationType.ToString());
        return CommandResult.Accepted;
    }

    /// <inheritdoc/>
    public Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken) => _queries.GetAsync(destinationId, cancellationToken);

    /// <inheritdoc/>
    public Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken) =>
        _queries.ListAsync(stage, continuationToken, pageSize, cancellationToken);

    /// <summary>Tells a waiting onboarding that the customer acted; the workflow checks ARM before believing it.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="source">Which intake says so (for the log).</param>
    /// <param name="actor">Who says so (recorded on the timeline when ARM confirms).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when the onboarding is not waiting for approval.</returns>
    public Task<CommandResult> NotifyApprovalAsync(string destinationId, string source, Actor actor, CancellationToken cancellationToken) =>
        NotifyApprovalAsync(destinationId, source, reportedStatus: null, actor, cancellationToken);

    /// <summary>Tells a waiting onboarding that its connection state changed, as an intake observed it; the workflow checks ARM before believing it.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="source">Which intake says so (for the log).</param>
    /// <param name="reportedStatus">The connection status the intake saw, if it saw one.</param>
    /// <param name="actor">Who says so (recorded on the timeline when ARM confirms).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Accepted, NotFound, or Conflict when the onboarding is not waiting for approval.</returns>
    public async Task<CommandResult> NotifyApprovalAsync(string destinationId, string source, string? reportedStatus, Actor actor, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await _client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(metadata);
        if (!InFlight(metadata) || metadata.Name != nameof(OnboardDestinationOrchestrator) || !stage.MayAwaitApproval())
        {
            return CommandResult.Conflict($"Destination {destinationId} is not waiting for approval (stage {stage}).");
        }

        await _client.RaiseEventAsync(metadata.InstanceId, WorkflowEvents.ConnectionStateChanged, new ConnectionStateChangedEvent(source, reportedStatus, actor), cancellationToken);
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
        OrchestrationMetadata? metadata = await _client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        // A workflow that already entered its final stage may still be publishing its events: nothing left to cancel.
        if (!InFlight(metadata) || metadata.Name != nameof(OnboardDestinationOrchestrator) || TaskHubOnboardingQueries.StageOf(metadata).IsTerminal())
        {
            return CommandResult.Conflict($"No onboarding of destination {destinationId} is running; to remove an onboarded destination use DELETE.");
        }

        await _client.RaiseEventAsync(metadata.InstanceId, WorkflowEvents.CancelRequested, new CancelRequestedEvent(reason, actor), cancellationToken);
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
        OrchestrationMetadata? metadata = await _client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return CommandResult.NotFound;
        }

        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(metadata);
        return !stage.IsWatchedForHealth()
            ? CommandResult.Conflict($"Only Ready or Degraded destinations are health-checked; {destinationId} is {stage}.")
            : await RestartAsync(metadata, destinationId, nameof(HealthCheckDestinationOrchestrator), requireApprovedEndpoint: true, actor, cancellationToken);
    }

    private async Task<CommandResult> RestartAsync(string destinationId, string orchestrator, bool requireApprovedEndpoint, Actor actor, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await _client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        return metadata is null
            ? CommandResult.NotFound
            : await RestartAsync(metadata, destinationId, orchestrator, requireApprovedEndpoint, actor, cancellationToken);
    }

    // Starts a follow-up run on the instance as just read (one read per command).
    private async Task<CommandResult> RestartAsync(
        OrchestrationMetadata metadata, string destinationId, string orchestrator, bool requireApprovedEndpoint, Actor actor, CancellationToken cancellationToken)
    {
        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(metadata);
        if (InFlight(metadata))
        {
            return CommandResult.Conflict($"A workflow for destination {destinationId} is running (stage {stage}); cancel it or wait for it to end.");
        }

        if (requireApprovedEndpoint && !stage.HasApprovedEndpoint())
        {
            return CommandResult.Conflict($"Only Ready, ConnectivityFailed or Degraded destinations can be re-checked; {destinationId} is {stage}.");
        }

        OnboardDestinationInput? request = TaskHubOnboardingQueries.RequestOf(metadata);
        if (request is null)
        {
            return CommandResult.Conflict($"The workflow of destination {destinationId} has no readable request; submit it again.");
        }

        // The follow-up's input carries the request once: its document takes it from there.
        OnboardingStatus? previous = TaskHubOnboardingQueries.StatusOf(metadata) is { } status ? status with { Request = null } : null;
        await _client.ScheduleNewOrchestrationInstanceAsync(
            orchestrator,
            new RecheckInput(request, previous, actor),
            new StartOrchestrationOptions(metadata.InstanceId) { DedupeStatuses = NonTerminalStatuses },
            cancellationToken);
        return CommandResult.Accepted;
    }

    // A workflow scheduled but not yet picked up (Pending) or suspended holds the destination as a running one does.
    private static bool InFlight(OrchestrationMetadata metadata) => metadata.RuntimeStatus
        is OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Suspended;

    private static CommandResult? Decide(OrchestrationMetadata existing, OnboardDestinationInput input)
    {
        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(existing);
        OnboardDestinationInput? request = TaskHubOnboardingQueries.RequestOf(existing);
        bool same = request is not null && request.IsSameRequestAs(input);
        if (InFlight(existing))
        {
            return same
                ? new CommandResult(CommandOutcome.AlreadyExists, null, TaskHubOnboardingQueries.ToView(existing))
                : CommandResult.Conflict($"A different onboarding request for destination {input.DestinationId} is running (stage {stage}); cancel it first.", TaskHubOnboardingQueries.ToView(existing));
        }

        if (stage.HasApprovedEndpoint())
        {
            return same
                ? new CommandResult(CommandOutcome.AlreadyExists, null, TaskHubOnboardingQueries.ToView(existing))
                : CommandResult.Conflict($"Destination {input.DestinationId} is onboarded ({stage}) with a different request; offboard it first.", TaskHubOnboardingQueries.ToView(existing));
        }

        // Ended without an endpoint (failed, rejected, timed out, cancelled, offboarded): a new submission starts over.
        return null;
    }
}

/// <summary>What a command of the service (submit, approval notification, cancel, offboard, re-check) did.</summary>
public enum CommandOutcome
{
    /// <summary>Accepted (HTTP 202): a submission started a new workflow, or a command was passed to the running one.</summary>
    Accepted,

    /// <summary>The same request is already running or done (HTTP 200); nothing new was started.</summary>
    AlreadyExists,

    /// <summary>No such destination (HTTP 404).</summary>
    NotFound,

    /// <summary>The destination is not in a stage where the command applies, or a different request for it is running or
    /// onboarded (HTTP 409).</summary>
    Conflict,
}

/// <summary>The result of a command of the service.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Reason">Why it was refused, when it was.</param>
/// <param name="View">The onboarding as it stands, for a submission of a request that already exists or conflicts; null
/// otherwise (a new workflow is not visible yet right after its start).</param>
public sealed record CommandResult(CommandOutcome Outcome, string? Reason, OnboardingView? View = null)
{
    /// <summary>Gets the accepted result.</summary>
    public static CommandResult Accepted { get; } = new(CommandOutcome.Accepted, null);

    /// <summary>Gets the not-found result.</summary>
    public static CommandResult NotFound { get; } = new(CommandOutcome.NotFound, null);

    /// <summary>Creates a conflict result.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="view">The onboarding as it stands, when the caller should see it.</param>
    /// <returns>The result.</returns>
    public static CommandResult Conflict(string reason, OnboardingView? view = null) => new(CommandOutcome.Conflict, reason, view);
}
