using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Polls a started endpoint operation once; the orchestrator waits between polls on durable timers.</summary>
public sealed class GetOperationStatusActivity(IPrivateEndpointClient arm, ILogger<GetOperationStatusActivity> logger)
    : TaskActivity<PrivateEndpointOperation, OperationPoll>
{
    /// <inheritdoc/>
    public override async Task<OperationPoll> RunAsync(TaskActivityContext context, PrivateEndpointOperation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            OperationStatus status = await arm.GetOperationStatusAsync(operation, CancellationToken.None);
            Log.OperationPolled(logger, context.InstanceId, operation.EndpointName, operation.Kind.ToString(), status.State.ToString(), status.ErrorCode);
            return new OperationPoll(status.State, status.ErrorCode, status.ErrorMessage, status.RetryAfter, status.IsTransientFailure);
        }
        catch (ArmTransientException ex)
        {
            // The poll itself was throttled or failed transiently: the operation runs on; poll again after the delay ARM asked for.
            Log.EndpointWriteDeferred(logger, context.InstanceId, operation.EndpointName, ex.Status, ex.ErrorCode);
            return new OperationPoll(OperationState.InProgress, ex.ErrorCode, ex.Message, ex.RetryAfter, TransientFailure: false);
        }
    }
}

/// <summary>One poll of an endpoint operation, as the orchestrator keeps it in history.</summary>
/// <param name="State">In progress, succeeded or failed.</param>
/// <param name="ErrorCode">ARM's code when failed (or when the poll was throttled).</param>
/// <param name="ErrorMessage">ARM's message.</param>
/// <param name="RetryAfter">How long ARM asked to wait before the next poll.</param>
/// <param name="TransientFailure">True when the operation failed with a code a re-PUT/re-DELETE by name cures (<c>RetryableError</c>, <c>ConflictError</c>, …).</param>
public sealed record OperationPoll(OperationState State, string? ErrorCode, string? ErrorMessage, TimeSpan? RetryAfter, bool TransientFailure);
