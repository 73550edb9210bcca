using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Onboards one destination: preflight → create endpoint(s) → await approval (checked against ARM) → read addresses → probe every port → ready.</summary>
/// <remarks>
/// Runs as instance <c>onboard-{destinationId}</c>. Deterministic: time from the context, every I/O in an activity, every wait on
/// ARM a durable timer here (no activity waits on a long operation). A cancel request is awaited from the start, so it takes
/// effect while waiting for approval or polling a create at once, and otherwise at the next step.
/// </remarks>
public sealed class OnboardDestinationOrchestrator : TaskOrchestrator<OnboardDestinationInput, OnboardingStatus>
{
    /// <summary>The most approval notifications that ARM did not confirm before further ones are ignored.</summary>
    /// <remarks>Notifications are hints: past this many, the wait stops listening to them and reads ARM every <see cref="ArmPollIntervalAfterNotificationFlood"/> instead, so a flood can neither end the onboarding nor delete its endpoint.</remarks>
    public const int MaxUnconfirmedNotifications = 200;

    /// <summary>How often ARM is read once notifications are ignored.</summary>
    public static readonly TimeSpan ArmPollIntervalAfterNotificationFlood = TimeSpan.FromMinutes(15);

    /// <inheritdoc/>
    public override async Task<OnboardingStatus> RunAsync(TaskOrchestrationContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<OnboardDestinationOrchestrator>();
        var status = new StatusTracker(context, input, previous: null);
        WorkflowLimits limits = input.Limits ?? WorkflowLimits.Default;

        using var cancelWait = new CancellationTokenSource();
        Task<CancelRequestedEvent> cancelRequested = context.WaitForExternalEvent<CancelRequestedEvent>(WorkflowEvents.CancelRequested, cancelWait.Token);
        List<DestinationEndpoint> endpoints = [];
        try
        {
            status.Enter(OnboardingStage.Validating, actor: input.RequestedBy);
            TargetValidation validation = await context.CallActivityAsync<TargetValidation>(nameof(ValidateTargetActivity), input, RetryPolicies.Arm);
            status.UpdatePreflight(validation.Preflight);
            if (!validation.IsValid)
            {
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.ValidationFailed, validation.Reason);
            }

            if (cancelRequested.IsCompleted)
            {
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Cancelled, CancelDetail(cancelRequested), cancelRequested.Result.Actor);
            }

            List<DestinationEndpoint> plan = DestinationEndpoints.Plan(input, validation.GroupIds ?? (validation.GroupId is null ? [] : [validation.GroupId]));
            status.Enter(OnboardingStage.CreatingEndpoint, $"Creating private endpoint {DestinationEndpoints.Names(plan)}.");

            // The undo is registered before the step runs: a create that fails half-way may still leave an endpoint.
            endpoints = plan;
            for (int i = 0; i < plan.Count; i++)
            {
                (PrivateEndpointInfo? created, OnboardingStage stage, string? failure) = await EndpointOperations.CreateAsync(
                    context,
                    BeginCreatePrivateEndpointActivity.RequestFor(input, plan[i].Name, plan[i].GroupId),
                    limits,
                    cancelRequested);
                if (created is null)
                {
                    string detail = stage == OnboardingStage.Cancelled ? CancelDetail(cancelRequested) : failure!;
                    string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
                    endpoints = cleanup is null ? [] : endpoints;
                    return await WorkflowSteps.FinishAsync(context, status, input, stage, WorkflowSteps.WithCleanup(detail, cleanup));
                }

                endpoints[i] = endpoints[i] with { Endpoint = created };
                status.UpdateEndpoints(endpoints);
            }

            (OnboardingStage afterApproval, List<DestinationEndpoint>? approved, Actor? approvedBy) = await WaitForApprovalAsync(context, input, status, endpoints, cancelRequested);
            if (afterApproval != OnboardingStage.CheckingConnectivity)
            {
                string detail = afterApproval switch
                {
                    OnboardingStage.ApprovalTimedOut => $"Nobody approved the connection of endpoint {DestinationEndpoints.Names(endpoints)} within {input.ApprovalTimeout}; the endpoint was deleted.",
                    OnboardingStage.Cancelled => CancelDetail(cancelRequested),
                    OnboardingStage.Failed => $"Endpoint {DestinationEndpoints.Names(endpoints)} was deleted outside this service.",
                    _ => RejectedDetail(status),
                };
                string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
                endpoints = cleanup is null ? [] : endpoints;
                Actor? causedBy = afterApproval == OnboardingStage.Cancelled ? cancelRequested.Result.Actor : null;
                return await WorkflowSteps.FinishAsync(context, status, input, afterApproval, WorkflowSteps.WithCleanup(detail, cleanup), causedBy);
            }

            if (cancelRequested.IsCompleted)
            {
                string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
                endpoints = cleanup is null ? [] : endpoints;
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Cancelled, WorkflowSteps.WithCleanup(CancelDetail(cancelRequested), cleanup), cancelRequested.Result.Actor);
            }

            OnboardingStatus? outcome = await CheckConnectivityAsync(context, status, input, approved!, limits, cancelRequested, approvedBy);
            if (outcome is null)
            {
                string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
                endpoints = cleanup is null ? [] : endpoints;
                return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Cancelled, WorkflowSteps.WithCleanup(CancelDetail(cancelRequested), cleanup), cancelRequested.Result.Actor);
            }

            return outcome;
        }
        catch (TaskFailedException ex)
        {
            string reason = ex.FailureDetails.ErrorMessage;
            Log.WorkflowFailed(logger, context.InstanceId, input.DestinationId, reason);
            // The status holds the endpoints as last known, with the private DNS records the service wrote for them.
            string? cleanup = endpoints.Count > 0 ? await WorkflowSteps.DeleteEndpointsAsync(context, status.Endpoints is { Count: > 0 } known ? known : endpoints, limits) : null;
            await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Failed, WorkflowSteps.WithCleanup(reason, cleanup));
            throw;
        }
        finally
        {
            cancelWait.Cancel();
        }
    }

    /// <summary>Waits until every endpoint has a private IP, probes every port through each, and ends Ready or ConnectivityFailed (the endpoints are kept for a re-check).</summary>
    /// <returns>The outcome, or null when an operator cancelled while the addresses were awaited or the ports probed.</returns>
    internal static async Task<OnboardingStatus?> CheckConnectivityAsync(
        TaskOrchestrationContext context, StatusTracker status, OnboardDestinationInput input, IReadOnlyList<DestinationEndpoint> endpoints, WorkflowLimits limits, Task? cancelRequested, Actor? actor = null)
    {
        status.Enter(OnboardingStage.CheckingConnectivity, $"Reading the private IP address of endpoint {DestinationEndpoints.Names(endpoints)}.", actor);
        List<DestinationEndpoint>? addressed = await ConnectivityStep.WaitForAddressesAsync(context, endpoints, limits, cancelRequested);
        if (addressed is null)
        {
            return null;
        }

        status.UpdateEndpoints(addressed);
        if (ConnectivityStep.MissingAddresses(addressed, limits) is { } missing)
        {
            return await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.ConnectivityFailed, missing);
        }

        addressed = await PrivateDnsStep.RegisterAsync(context, input, addressed, limits, cancelRequested);
        status.UpdateEndpoints(addressed);
        status.UpdateDetail($"Probing {input.Ports.Count} port(s) through {string.Join(" and ", addressed.Select(e => e.Endpoint!.PrivateIpAddresses[0]))}.");
        List<DestinationEndpoint>? probed = await ConnectivityStep.RunAsync(context, input, addressed, cancelRequested);
        if (probed is null || cancelRequested?.IsCompleted == true)
        {
            return null; // cancelled while probing: the caller deletes the endpoints
        }

        status.UpdateEndpoints(probed);
        string summary = ConnectivityStep.Summarize(probed);
        return probed.All(e => e.Probes!.All(r => r.Succeeded))
            ? await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.Ready, summary)
            : await WorkflowSteps.FinishAsync(context, status, input, OnboardingStage.ConnectivityFailed, summary);
    }

    /// <summary>Waits for the customer's decision, each notification checked against ARM, raced with the deadline and a cancel.</summary>
    /// <returns>
    /// The stage the wait leads to: <see cref="OnboardingStage.CheckingConnectivity"/> when every endpoint is approved (with the endpoints
    /// as ARM last showed them and who sent the notification that was believed); otherwise the stage it ends in: <see cref="OnboardingStage.Rejected"/>,
    /// <see cref="OnboardingStage.ApprovalTimedOut"/>, <see cref="OnboardingStage.Cancelled"/>, or <see cref="OnboardingStage.Failed"/> when an
    /// endpoint was deleted outside this service.
    /// </returns>
    private static async Task<(OnboardingStage Next, List<DestinationEndpoint>? Endpoints, Actor? NotifiedBy)> WaitForApprovalAsync(
        TaskOrchestrationContext context,
        OnboardDestinationInput input,
        StatusTracker status,
        List<DestinationEndpoint> endpoints,
        Task<CancelRequestedEvent> cancelRequested)
    {
        ILogger logger = context.CreateReplaySafeLogger<OnboardDestinationOrchestrator>();
        switch (Decide(endpoints))
        {
            case OnboardingStage.CheckingConnectivity:
                return (OnboardingStage.CheckingConnectivity, endpoints, null); // the target auto-approves this subscription
            case OnboardingStage.Rejected:
                return (OnboardingStage.Rejected, endpoints, null);
        }

        DateTime deadline = context.CurrentUtcDateTime + input.ApprovalTimeout;
        status.Enter(
            OnboardingStage.AwaitingApproval,
            $"Waiting until {deadline:u} for the customer to approve the connection request of private endpoint {DestinationEndpoints.Names(endpoints)}. {ApprovalInstructions.For(input, endpoints)}");

        // Tell the requester what to approve; the deadline above is already fixed, and events raised meanwhile are buffered.
        string? notificationFailure = await WorkflowSteps.PublishAsync(context, status, input);
        if (notificationFailure is not null)
        {
            status.UpdateDetail($"{status.Detail} (notification failed: {notificationFailure})");
        }

        ApprovalReminders reminders = await ApprovalReminders.StartAsync(context, input, deadline);
        using var timerCts = new CancellationTokenSource();
        Task timer = context.CreateTimer(deadline, timerCts.Token);
        try
        {
            // Bounded: each notification costs ARM reads and history; a flood of unconfirmed ones is refused.
            for (int check = 0; check < MaxUnconfirmedNotifications; check++)
            {
                using var eventCts = new CancellationTokenSource();
                Task<ConnectionStateChangedEvent> changed = context.WaitForExternalEvent<ConnectionStateChangedEvent>(WorkflowEvents.ConnectionStateChanged, eventCts.Token);
                Task winner = await Task.WhenAny(changed, timer, cancelRequested, reminders.Next);
                if (winner == reminders.Next && !changed.IsCompleted)
                {
                    // A reminder is due: send it, then wait again (a notification raised meanwhile stays buffered).
                    eventCts.Cancel();
                    await reminders.SendAsync(status);
                    check--;
                    continue;
                }

                if (winner != changed)
                {
                    eventCts.Cancel();
                    return (winner == timer ? OnboardingStage.ApprovalTimedOut : OnboardingStage.Cancelled, null, null);
                }

                // Every event is checked against ARM before it is believed.
                Actor? notifiedBy = changed.Result.Actor;
                OnboardingStage decided = await ReadArmAsync(context, status, endpoints);
                if (decided != OnboardingStage.AwaitingApproval)
                {
                    return (decided, decided == OnboardingStage.Failed ? null : endpoints, notifiedBy);
                }

                Log.ApprovalEventNotConfirmed(logger, context.InstanceId, input.DestinationId, notifiedBy?.ObjectId ?? changed.Result.Source, string.Join(",", endpoints.Select(e => e.Endpoint!.ConnectionStatus)));
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

                    return (winner == timer ? OnboardingStage.ApprovalTimedOut : OnboardingStage.Cancelled, null, null);
                }

                OnboardingStage decided = await ReadArmAsync(context, status, endpoints);
                if (decided != OnboardingStage.AwaitingApproval)
                {
                    return (decided, decided == OnboardingStage.Failed ? null : endpoints, null);
                }
            }

            return (OnboardingStage.ApprovalTimedOut, null, null);
        }
        finally
        {
            if (!timer.IsCompleted)
            {
                timerCts.Cancel();
            }

            reminders.Cancel();
        }
    }

    /// <summary>Reads every endpoint's connection state from ARM and decides: approved, rejected, gone (<see cref="OnboardingStage.Failed"/>), or still pending.</summary>
    private static async Task<OnboardingStage> ReadArmAsync(TaskOrchestrationContext context, StatusTracker status, List<DestinationEndpoint> endpoints)
    {
        for (int i = 0; i < endpoints.Count; i++)
        {
            PrivateEndpointInfo? current = await context.CallActivityAsync<PrivateEndpointInfo?>(nameof(GetConnectionStateActivity), endpoints[i].Name, RetryPolicies.Arm);
            if (current is null)
            {
                return OnboardingStage.Failed;
            }

            endpoints[i] = endpoints[i] with { Endpoint = current };
        }

        status.UpdateEndpoints(endpoints);
        return Decide(endpoints);
    }

    /// <summary>Approved (on to the connectivity check) when every endpoint is; rejected as soon as one is rejected or removed; otherwise still awaiting approval.</summary>
    private static OnboardingStage Decide(IReadOnlyList<DestinationEndpoint> endpoints) =>
        endpoints.Any(e => e.Endpoint?.ConnectionStatus is ConnectionStatus.Rejected or ConnectionStatus.Disconnected) ? OnboardingStage.Rejected
        : endpoints.All(e => e.Endpoint?.ConnectionStatus == ConnectionStatus.Approved) ? OnboardingStage.CheckingConnectivity
        : OnboardingStage.AwaitingApproval;

    private static string RejectedDetail(StatusTracker status)
    {
        PrivateEndpointInfo? refused = status.Endpoints?.Select(e => e.Endpoint).FirstOrDefault(e => e?.ConnectionStatus is ConnectionStatus.Rejected or ConnectionStatus.Disconnected)
            ?? status.Current.Endpoint;
        return $"The customer {(refused?.ConnectionStatus == ConnectionStatus.Disconnected ? "removed" : "rejected")} the connection: {refused?.ConnectionDescription}; the endpoint was deleted.";
    }

    private static string CancelDetail(Task<CancelRequestedEvent> cancelRequested) =>
        $"Cancelled by an operator{(cancelRequested.Result.Reason is { Length: > 0 } reason ? $": {reason}" : string.Empty)}.";
}
