using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Onboards one destination: validate → create endpoint → await approval (checked against ARM) → probe every port → ready.</summary>
/// <remarks>
/// Runs as instance <c>onboard-{destinationId}</c>. Deterministic: time from the context, every I/O in an activity.
/// A cancel request is awaited from the start, so it takes effect while waiting for approval at once, and otherwise at the next step.
/// </remarks>
public sealed class OnboardDestinationOrchestrator : TaskOrchestrator<OnboardDestinationInput, OnboardingOutcome>
{
    /// <summary>The most approval notifications that ARM did not confirm before further ones are ignored.</summary>
    /// <remarks>Notifications are hints: past this many, the wait stops listening to them and reads ARM every <see cref="ArmPollIntervalAfterNotificationFlood"/> instead, so a flood can neither end the onboarding nor delete its endpoint.</remarks>
    public const int MaxUnconfirmedNotifications = 200;

    /// <summary>How often ARM is read once notifications are ignored.</summary>
    public static readonly TimeSpan ArmPollIntervalAfterNotificationFlood = TimeSpan.FromMinutes(15);

    /// <inheritdoc/>
    public override async Task<OnboardingOutcome> RunAsync(TaskOrchestrationContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<OnboardDestinationOrchestrator>();
        var status = new StatusTracker(context, input.DestinationId, previous: null);

        using var cancelWait = new CancellationTokenSource();
        Task<CancelRequestedEvent> cancelRequested = context.WaitForExternalEvent<CancelRequestedEvent>(WorkflowEvents.CancelRequested, cancelWait.Token);
        bool endpointMayExist = false;
        try
        {
            status.Enter(OnboardingStage.Validating, actor: input.RequestedBy);
            TargetValidation validation = await context.CallActivityAsync<TargetValidation>(nameof(ValidateTargetActivity), input, RetryPolicies.Arm);
            if (!validation.IsValid)
            {
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.ValidationFailed, validation.Reason);
            }

            if (cancelRequested.IsCompleted)
            {
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Cancelled, CancelDetail(cancelRequested), cancelRequested.Result.Actor);
            }

            status.Enter(OnboardingStage.CreatingEndpoint, $"Creating private endpoint {input.EndpointName}.");

            // The undo is registered before the step runs: a create that fails half-way may still leave an endpoint.
            endpointMayExist = true;
            EndpointSummary endpoint = await context.CallActivityAsync<EndpointSummary>(
                nameof(CreatePrivateEndpointActivity),
                new CreatePrivateEndpointInput(input.DestinationId, input.EndpointName, input.TargetResourceId, validation.GroupId, input.TicketId),
                RetryPolicies.Arm);
            status.Update(endpoint: endpoint);

            (ApprovalResult approval, EndpointSummary? approved, Actor? approvedBy) = await WaitForApprovalAsync(context, input, status, endpoint, cancelRequested);
            if (approval != ApprovalResult.Approved)
            {
                (OnboardingStage stage, string detail) = approval switch
                {
                    ApprovalResult.TimedOut => (OnboardingStage.ApprovalTimedOut, $"Nobody approved the connection of endpoint {input.EndpointName} within {input.ApprovalTimeout}; the endpoint was deleted."),
                    ApprovalResult.Cancelled => (OnboardingStage.Cancelled, CancelDetail(cancelRequested)),
                    ApprovalResult.EndpointGone => (OnboardingStage.Failed, $"Endpoint {input.EndpointName} was deleted outside this service."),
                    _ => (OnboardingStage.Rejected, $"The customer {(status.Endpoint?.ConnectionStatus == ConnectionStatus.Disconnected ? "removed" : "rejected")} the connection: {status.Endpoint?.ConnectionDescription}; the endpoint was deleted."),
                };
                string? cleanup = await WorkflowSteps.DeleteEndpointAsync(context, input);
                endpointMayExist = cleanup is not null;
                Actor? causedBy = approval == ApprovalResult.Cancelled ? cancelRequested.Result.Actor : null;
                return await WorkflowSteps.FinishAsync(context, status, input, stage, WorkflowSteps.WithCleanup(detail, cleanup), causedBy);
            }

            if (cancelRequested.IsCompleted)
            {
                string? cleanup = await WorkflowSteps.DeleteEndpointAsync(context, input);
                endpointMayExist = cleanup is not null;
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Cancelled, WorkflowSteps.WithCleanup(CancelDetail(cancelRequested), cleanup), cancelRequested.Result.Actor);
            }

            return await CheckConnectivityAsync(context, status, input, approved!, approvedBy);
        }
        catch (TaskFailedException ex)
        {
            string reason = ex.FailureDetails.ErrorMessage;
            Log.WorkflowFailed(logger, context.InstanceId, input.DestinationId, reason);
            string? cleanup = endpointMayExist ? await WorkflowSteps.DeleteEndpointAsync(context, input) : null;
            await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Failed, WorkflowSteps.WithCleanup(reason, cleanup));
            throw;
        }
        finally
        {
            cancelWait.Cancel();
        }
    }

    /// <summary>Probes every port and ends Ready or ConnectivityFailed (the endpoint is kept for a re-check).</summary>
    internal static async Task<OnboardingOutcome> CheckConnectivityAsync(
        TaskOrchestrationContext context, StatusTracker status, OnboardDestinationInput input, EndpointSummary endpoint, Actor? actor = null)
    {
        status.Enter(OnboardingStage.CheckingConnectivity, $"Probing {input.Ports.Count} port(s) through {endpoint.PrivateIpAddresses.FirstOrDefault() ?? input.HostName}.", actor);
        IReadOnlyList<ProbeResult> results = await ConnectivityStep.RunAsync(context, input, endpoint);
        status.Update(probes: results);
        string summary = ConnectivityStep.Summarize(results);
        return results.All(r => r.Succeeded)
            ? await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Ready, summary)
            : await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.ConnectivityFailed, summary);
    }

    private static async Task<(ApprovalResult Result, EndpointSummary? Endpoint, Actor? NotifiedBy)> WaitForApprovalAsync(
        TaskOrchestrationContext context,
        OnboardDestinationInput input,
        StatusTracker status,
        EndpointSummary endpoint,
        Task<CancelRequestedEvent> cancelRequested)
    {
        ILogger logger = context.CreateReplaySafeLogger<OnboardDestinationOrchestrator>();
        switch (endpoint.ConnectionStatus)
        {
            case ConnectionStatus.Approved:
                return (ApprovalResult.Approved, endpoint, null); // the target auto-approves this subscription
            case ConnectionStatus.Rejected or ConnectionStatus.Disconnected:
                return (ApprovalResult.Rejected, endpoint, null);
        }

        DateTime deadline = context.CurrentUtcDateTime + input.ApprovalTimeout;
        status.Enter(
            OnboardingStage.AwaitingApproval,
            $"Waiting until {deadline:u} for the customer to approve the connection request of private endpoint {endpoint.Name} (Azure portal, Private Link Center, Pending connections).");

        // Tell the requester what to approve; the deadline above is already fixed, and events raised meanwhile are buffered.
        string? notificationFailure = await WorkflowSteps.PublishAsync(context, status, input);
        if (notificationFailure is not null)
        {
            status.Update(detail: $"{status.Detail} (notification failed: {notificationFailure})");
        }

        using var timerCts = new CancellationTokenSource();
        Task timer = context.CreateTimer(deadline, timerCts.Token);
        try
        {
            // Bounded: each notification costs an ARM read and history; a flood of unconfirmed ones is refused.
            for (int check = 0; check < MaxUnconfirmedNotifications; check++)
            {
                using var eventCts = new CancellationTokenSource();
                Task<ConnectionStateChangedEvent> changed = context.WaitForExternalEvent<ConnectionStateChangedEvent>(WorkflowEvents.ConnectionStateChanged, eventCts.Token);
                Task winner = await Task.WhenAny(changed, timer, cancelRequested);
                if (winner != changed)
                {
                    eventCts.Cancel();
                    return (winner == timer ? ApprovalResult.TimedOut : ApprovalResult.Cancelled, null, null);
                }

                // Every event is checked against ARM before it is believed.
                Actor? notifiedBy = changed.Result.Actor;
                (ApprovalResult? decided, EndpointSummary? current) = await ReadArmAsync(context, status, endpoint.Name);
                if (decided is { } result)
                {
                    return (result, current, notifiedBy);
                }

                Log.ApprovalEventNotConfirmed(logger, context.InstanceId, input.DestinationId, notifiedBy?.ObjectId ?? changed.Result.Source, current!.ConnectionStatus.ToString());
            }

            // A flood of unconfirmed notifications: ignore further ones (still buffered, never read) and let ARM decide on a slow poll.
            Log.ApprovalNotificationsIgnored(logger, context.InstanceId, input.DestinationId, MaxUnconfirmedNotifications, ArmPollIntervalAfterNotificationFlood);
            // Bounded by the deadline: one read per interval, the last one at the deadline.
            int reads = (int)Math.Ceiling(Math.Max(0, (deadline - context.CurrentUtcDateTime).Ticks) / (double)ArmPollIntervalAfterNotificationFlood.Ticks);
            for (int read = 0; read < reads; read++)
            {
                DateTime next = context.CurrentUtcDateTime + ArmPollIntervalAfterNotificationFlood;
                using var pollCts = new CancellationTokenSource();
                // The last read falls just before the deadline, so an approval made in time is still believed.
                DateTime lastRead = deadline - TimeSpan.FromSeconds(1);
                Task poll = context.CreateTimer(next < lastRead ? next : lastRead, pollCts.Token);
                Task winner = await Task.WhenAny(poll, timer, cancelRequested);
                if (winner != poll)
                {
                    if (!poll.IsCompleted)
                    {
                        pollCts.Cancel();
                    }

                    return (winner == timer ? ApprovalResult.TimedOut : ApprovalResult.Cancelled, null, null);
                }

                (ApprovalResult? decided, EndpointSummary? current) = await ReadArmAsync(context, status, endpoint.Name);
                if (decided is { } result)
                {
                    return (result, current, null);
                }
            }

            return (ApprovalResult.TimedOut, null, null);
        }
        finally
        {
            if (!timer.IsCompleted)
            {
                timerCts.Cancel();
            }
        }
    }

    /// <summary>Reads the endpoint's connection state from ARM: a decision (approved, rejected, gone) or null while still pending.</summary>
    private static async Task<(ApprovalResult? Decided, EndpointSummary? Current)> ReadArmAsync(TaskOrchestrationContext context, StatusTracker status, string endpointName)
    {
        EndpointSummary? current = await context.CallActivityAsync<EndpointSummary?>(nameof(GetConnectionStateActivity), endpointName, RetryPolicies.Arm);
        if (current is null)
        {
            return (ApprovalResult.EndpointGone, null);
        }

        status.Update(endpoint: current);
        return current.ConnectionStatus switch
        {
            ConnectionStatus.Approved => (ApprovalResult.Approved, current),
            ConnectionStatus.Rejected or ConnectionStatus.Disconnected => (ApprovalResult.Rejected, current),
            _ => (null, current),
        };
    }

    private static string CancelDetail(Task<CancelRequestedEvent> cancelRequested) =>
        $"Cancelled by an operator{(cancelRequested.Result.Reason is { Length: > 0 } reason ? $": {reason}" : string.Empty)}.";

    private enum ApprovalResult
    {
        Approved,
        Rejected,
        TimedOut,
        Cancelled,
        EndpointGone,
    }
}
