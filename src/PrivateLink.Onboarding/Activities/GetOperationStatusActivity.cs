using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Polls a started endpoint operation once; the orchestrator waits between polls on durable timers.</summary>
/// <remarks>
/// The adapter's <see cref="OperationStatus"/> is the activity's output as it is: its members are the ones the earlier
/// <c>OperationPoll</c> output had, so a history recorded before reads the same (its <c>TransientFailure</c> member is ignored;
/// <see cref="OperationStatus.IsTransientFailure"/> derives the same answer from the error code).
/// </remarks>
public sealed class GetOperationStatusActivity(IPrivateEndpointClient arm, ILogger<GetOperationStatusActivity> logger)
    : TaskActivity<PrivateEndpointOperation, OperationStatus>
{
    /// <inheritdoc/>
    public override async Task<OperationStatus> RunAsync(TaskActivityContext context, PrivateEndpointOperation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(operation);
        try
        {
            OperationStatus status = await arm.GetOperationStatusAsync(operation, CancellationToken.None);
            Log.OperationPolled(logger, context.InstanceId, operation.EndpointName, operation.Kind.ToString(), status.State.ToString(), status.ErrorCode);
            return status;
        }
        catch (ArmTransientException ex)
        {
            // The poll itself was throttled or failed transiently: the operation runs on; poll again after the delay ARM asked for.
            Log.EndpointWriteDeferred(logger, context.InstanceId, operation.EndpointName, ex.Status, ex.ErrorCode);
            return new OperationStatus(OperationState.InProgress, ex.ErrorCode, ex.Message, ex.RetryAfter);
        }
    }
}
