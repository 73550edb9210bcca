using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>
/// Creates and deletes endpoints the way real ARM needs: send the PUT/DELETE in an activity, poll the operation from the
/// orchestrator on durable timers (no activity waits on a long operation), and re-send by name after a transient failure
/// (409 <c>AnotherOperationInProgress</c>/<c>Conflict</c>, operation <c>RetryableError</c>, <c>ConflictError</c>,
/// <c>StorageAccountOperationInProgress</c>, <c>InvalidPrivateLinkServiceId</c> right after an alias is published), honouring
/// Retry-After, bounded by <see cref="WorkflowLimits"/>.
/// </summary>
/// <remarks>
/// Creates to one target resource are serialised by ARM itself: a concurrent write answers 409 or ends <c>ConflictError</c>, which
/// is re-sent here after a wait; the wait carries a jitter derived from the instance id (deterministic on replay), so colliding
/// onboardings do not retry in lock-step. A destination's own endpoints are created one after another.
/// </remarks>
internal static class EndpointOperations
{
    /// <summary>Creates (or re-finds) one endpoint and returns it as ARM reads it after provisioning.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="create">The endpoint to create.</param>
    /// <param name="limits">The bounds.</param>
    /// <param name="cancelRequested">Completes when an operator cancels; polling stops then.</param>
    /// <returns>
    /// The endpoint once provisioned (with <see cref="OnboardingStage.CreatingEndpoint"/>); otherwise null, the stage the onboarding
    /// ends in (<see cref="OnboardingStage.Cancelled"/> when an operator cancelled, <see cref="OnboardingStage.ValidationFailed"/> when
    /// ARM refused the PUT with 400 or 404, <see cref="OnboardingStage.Failed"/> otherwise) and why (null for a cancel).
    /// </returns>
    public static async Task<(PrivateEndpointInfo? Endpoint, OnboardingStage Stage, string? Failure)> CreateAsync(
        TaskOrchestrationContext context, CreatePrivateEndpointRequest create, WorkflowLimits limits, Task? cancelRequested)
    {
        ILogger logger = context.CreateReplaySafeLogger(typeof(EndpointOperations).FullName!);
        DateTime deadline = context.CurrentUtcDateTime + limits.OperationTimeout;
        bool staleDeleted = false;
        for (int retry = 0; ; retry++)
        {
            EndpointOperationStart start = await context.CallActivityAsync<EndpointOperationStart>(nameof(BeginCreatePrivateEndpointActivity), create, RetryPolicies.Arm);
            if (start.IsRefused)
            {
                return (null, start.RefusedStatus is 400 or 404 ? OnboardingStage.ValidationFailed : OnboardingStage.Failed, RefusalText(create.EndpointName, start));
            }

            string? transientCode = start.TransientCode;
            TimeSpan? retryAfter = start.RetryAfter;
            if (!start.IsTransient)
            {
                OperationStatus? poll = await PollAsync(context, start.Operation!, limits, deadline, cancelRequested);
                switch (poll?.State)
                {
                    case null:
                        return Cancelled;
                    case OperationState.InProgress:
                        return Failed($"Creating endpoint {create.EndpointName} did not finish within {limits.OperationTimeout}.");
                    case OperationState.Failed when poll.IsTransientFailure:
                        transientCode = poll.ErrorCode;
                        break;
                    case OperationState.Failed:
                        return Failed($"Creating endpoint {create.EndpointName} failed: {poll.ErrorCode}: {poll.ErrorMessage}");
                    default:
                        PrivateEndpointInfo? endpoint = await context.CallActivityAsync<PrivateEndpointInfo?>(nameof(GetConnectionStateActivity), create.EndpointName, RetryPolicies.Arm);
                        if (endpoint is null)
                        {
                            return Failed($"Endpoint {create.EndpointName} was provisioned, then deleted outside this service.");
                        }

                        // A same-named endpoint left Rejected by an earlier attempt keeps that state through a re-PUT: delete it and create anew (once).
                        if (!staleDeleted && start.Endpoint?.ConnectionStatus is ConnectionStatus.Rejected or ConnectionStatus.Disconnected)
                        {
                            staleDeleted = true;
                            Log.EndpointWriteRetried(logger, context.InstanceId, create.DestinationId, create.EndpointName, "deleted before a new create: it was left", start.Endpoint.ConnectionStatus.ToString(), retry + 1);
                            string? failure = await DeleteAsync(context, create.EndpointName, limits);
                            if (failure is not null)
                            {
                                return Failed($"Endpoint {create.EndpointName} exists in state {start.Endpoint.ConnectionStatus} from an earlier request and {failure}");
                            }

                            retry = -1;
                            continue;
                        }

                        return (endpoint, OnboardingStage.CreatingEndpoint, null);
                }
            }

            if (retry >= limits.MaxTransientRetries)
            {
                return Failed($"Creating endpoint {create.EndpointName} still failed with {transientCode} after {retry} re-sends; submit again later.");
            }

            TimeSpan delay = limits.RetryDelay(retry, retryAfter) + Jitter(context.InstanceId, retry);
            if (context.CurrentUtcDateTime + delay > deadline)
            {
                return Failed($"Creating endpoint {create.EndpointName} did not succeed within {limits.OperationTimeout} (last: {transientCode}).");
            }

            Log.EndpointWriteRetried(logger, context.InstanceId, create.DestinationId, create.EndpointName, "PUT sent again", transientCode, retry + 1);
            if (!await DelayAsync(context, delay, cancelRequested))
            {
                return Cancelled;
            }
        }
    }

    /// <summary>Deletes one endpoint (nothing to do when it is gone), re-sending the DELETE after transient failures.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="endpointName">The endpoint.</param>
    /// <param name="limits">The bounds.</param>
    /// <returns>Null when deleted or already gone; otherwise why not.</returns>
    public static async Task<string?> DeleteAsync(TaskOrchestrationContext context, string endpointName, WorkflowLimits limits)
    {
        ILogger logger = context.CreateReplaySafeLogger(typeof(EndpointOperations).FullName!);
        DateTime deadline = context.CurrentUtcDateTime + limits.OperationTimeout;
        for (int retry = 0; ; retry++)
        {
            EndpointOperationStart start;
            try
            {
                start = await context.CallActivityAsync<EndpointOperationStart>(nameof(BeginDeletePrivateEndpointActivity), endpointName, RetryPolicies.Arm);
            }
            catch (TaskFailedException ex)
            {
                return $"endpoint {endpointName} could not be deleted: {ex.FailureDetails.ErrorMessage}";
            }

            if (start.IsRefused)
            {
                return $"endpoint {endpointName} could not be deleted: {RefusalText(endpointName, start)}";
            }

            string? transientCode = start.TransientCode;
            TimeSpan? retryAfter = start.RetryAfter;
            if (!start.IsTransient)
            {
                if (start.Operation is null)
                {
                    return null;
                }

                OperationStatus? poll;
                try
                {
                    poll = await PollAsync(context, start.Operation, limits, deadline, cancelRequested: null);
                }
                catch (TaskFailedException ex)
                {
                    return $"endpoint {endpointName} could not be deleted: {ex.FailureDetails.ErrorMessage}";
                }

                switch (poll!.State)
                {
                    case OperationState.Succeeded:
                        return null;
                    case OperationState.InProgress:
                        return $"endpoint {endpointName} was not deleted within {limits.OperationTimeout}";
                    case OperationState.Failed when !poll.IsTransientFailure:
                        return $"endpoint {endpointName} could not be deleted: {poll.ErrorCode}: {poll.ErrorMessage}";
                    default:
                        transientCode = poll.ErrorCode;
                        break;
                }
            }

            TimeSpan delay = limits.RetryDelay(retry, retryAfter) + Jitter(context.InstanceId, retry);
            if (retry >= limits.MaxTransientRetries || context.CurrentUtcDateTime + delay > deadline)
            {
                return $"endpoint {endpointName} could not be deleted: still {transientCode} after {retry} re-sends; it is left in place (the orphan cleanup removes it)";
            }

            Log.EndpointWriteRetried(logger, context.InstanceId, endpointName, endpointName, "DELETE sent again", transientCode, retry + 1);
            await DelayAsync(context, delay, cancelRequested: null);
        }
    }

    /// <summary>Waits on a durable timer, unless an operator cancels first.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="delay">How long.</param>
    /// <param name="cancelRequested">Completes on cancel; null to wait regardless.</param>
    /// <returns>True when the wait ran out; false when cancel came first.</returns>
    public static async Task<bool> DelayAsync(TaskOrchestrationContext context, TimeSpan delay, Task? cancelRequested)
    {
        if (cancelRequested?.IsCompleted == true)
        {
            return false;
        }

        using var timerCts = new CancellationTokenSource();
        Task timer = context.CreateTimer(context.CurrentUtcDateTime + delay, timerCts.Token);
        if (cancelRequested is null)
        {
            await timer;
            return true;
        }

        Task winner = await Task.WhenAny(timer, cancelRequested);
        if (winner != timer)
        {
            timerCts.Cancel();
            return false;
        }

        return true;
    }

    /// <summary>A deterministic jitter (0–1 s per retry step) from the instance id, so colliding onboardings spread their re-sends.</summary>
    /// <param name="instanceId">The orchestration instance id.</param>
    /// <param name="retry">The retry number.</param>
    /// <returns>The jitter.</returns>
    internal static TimeSpan Jitter(string instanceId, int retry)
    {
        // FNV-1a: string.GetHashCode is randomised per process, so it would differ on replay.
        uint hash = 2166136261;
        foreach (char c in instanceId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return TimeSpan.FromMilliseconds((hash % 1000) * Math.Min(retry + 1, 4) / 4.0);
    }

    /// <summary>Polls a started operation on durable timers until it ends, the deadline passes or an operator cancels.</summary>
    /// <returns>The last poll: <see cref="OperationState.Succeeded"/> or <see cref="OperationState.Failed"/> when the operation ended,
    /// <see cref="OperationState.InProgress"/> when the deadline passed first; null when an operator cancelled.</returns>
    internal static async Task<OperationStatus?> PollAsync(
        TaskOrchestrationContext context, PrivateEndpointOperation operation, WorkflowLimits limits, DateTime deadline, Task? cancelRequested)
    {
        var last = new OperationStatus(OperationState.InProgress, null, null, null);
        for (int poll = 0; ; poll++)
        {
            TimeSpan delay = limits.PollDelay(poll, last.RetryAfter);
            if (context.CurrentUtcDateTime + delay > deadline)
            {
                return last with { ErrorCode = null, ErrorMessage = null };
            }

            if (!await DelayAsync(context, delay, cancelRequested))
            {
                return null;
            }

            last = await context.CallActivityAsync<OperationStatus>(nameof(GetOperationStatusActivity), operation, RetryPolicies.Arm);
            if (last.State != OperationState.InProgress)
            {
                return last;
            }
        }
    }

    private static (PrivateEndpointInfo? Endpoint, OnboardingStage Stage, string? Failure) Cancelled => (null, OnboardingStage.Cancelled, null);

    private static (PrivateEndpointInfo? Endpoint, OnboardingStage Stage, string? Failure) Failed(string failure) => (null, OnboardingStage.Failed, failure);

    private static string RefusalText(string endpointName, EndpointOperationStart start) =>
        string.Equals(start.RefusedCode, "RequestDisallowedByPolicy", StringComparison.OrdinalIgnoreCase)
            ? $"An Azure Policy assignment on the endpoint's subscription or resource group denied endpoint {endpointName} (RequestDisallowedByPolicy: tags, region or DNS rules); ask the subscription's owner to exempt or adjust the policy. ARM said: {start.Message}"
            : string.Create(CultureInfo.InvariantCulture, $"ARM refused endpoint {endpointName} ({start.RefusedStatus} {start.RefusedCode}): {start.Message}");
}
