using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Sends the PUT of a destination's private endpoint (manual connection request, deterministic name) and returns at once.</summary>
/// <remarks>The orchestrator polls the operation with durable timers: no activity waits on a long Azure operation.</remarks>
public sealed class BeginCreatePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<BeginCreatePrivateEndpointActivity> logger)
    : TaskActivity<CreatePrivateEndpointRequest, EndpointOperationStart>
{
    /// <inheritdoc/>
    public override async Task<EndpointOperationStart> RunAsync(TaskActivityContext context, CreatePrivateEndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            PrivateEndpointCreateStarted started = await arm.BeginCreatePrivateEndpointAsync(request, CancellationToken.None);
            Log.EndpointCreateStarted(logger, context.InstanceId, request.DestinationId, request.EndpointName, started.Endpoint.ProvisioningState);
            return new EndpointOperationStart(started.Operation, started.Endpoint);
        }
        catch (ArmTransientException ex)
        {
            Log.EndpointWriteDeferred(logger, context.InstanceId, request.EndpointName, ex.Status, ex.ErrorCode);
            return EndpointOperationStart.Transient(ex);
        }
        catch (ArmRequestException ex)
        {
            return EndpointOperationStart.Refused(ex);
        }
    }

    /// <summary>Builds the ARM request of one of a destination's endpoints, with the message the customer sees next to the connection request.</summary>
    /// <param name="input">The validated onboarding request.</param>
    /// <param name="endpointName">The endpoint's deterministic name.</param>
    /// <param name="groupId">The endpoint's groupId; null for a Private Link Service.</param>
    /// <returns>The request the activity sends.</returns>
    internal static CreatePrivateEndpointRequest RequestFor(Model.OnboardDestinationInput input, string endpointName, string? groupId) =>
        new(endpointName, input.TargetResourceId, groupId, RequestMessage(input.TicketId, input.DestinationId), input.DestinationId);

    /// <summary>Builds the message the customer sees next to the connection request (at most <see cref="CreatePrivateEndpointRequest.MaxRequestMessageLength"/> characters).</summary>
    /// <param name="ticketId">The ticket id, if any.</param>
    /// <param name="destinationId">The destination id.</param>
    /// <returns>The message.</returns>
    internal static string RequestMessage(string? ticketId, string destinationId)
    {
        string message = ticketId is null
            ? $"Data integration private connection for destination {destinationId}."
            : $"Data integration private connection, ticket {ticketId}, destination {destinationId}.";
        return message.Length <= CreatePrivateEndpointRequest.MaxRequestMessageLength ? message : message[..CreatePrivateEndpointRequest.MaxRequestMessageLength];
    }
}

/// <summary>Sends the DELETE of a destination's private endpoint and returns at once (nothing to do when it is already gone).</summary>
public sealed class BeginDeletePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<BeginDeletePrivateEndpointActivity> logger)
    : TaskActivity<string, EndpointOperationStart>
{
    /// <inheritdoc/>
    public override async Task<EndpointOperationStart> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        try
        {
            PrivateEndpointOperation? operation = await arm.BeginDeletePrivateEndpointAsync(endpointName, CancellationToken.None);
            Log.EndpointDeleted(logger, context.InstanceId, endpointName, operation is not null);
            return new EndpointOperationStart(operation, null);
        }
        catch (ArmTransientException ex)
        {
            Log.EndpointWriteDeferred(logger, context.InstanceId, endpointName, ex.Status, ex.ErrorCode);
            return EndpointOperationStart.Transient(ex);
        }
        catch (ArmRequestException ex)
        {
            return EndpointOperationStart.Refused(ex);
        }
    }
}

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

/// <summary>Reads the real connection state of a destination's endpoint from ARM (the check every approval event goes through).</summary>
public sealed class GetConnectionStateActivity(IPrivateEndpointClient arm, ILogger<GetConnectionStateActivity> logger)
    : TaskActivity<string, PrivateEndpointInfo?>
{
    /// <inheritdoc/>
    public override async Task<PrivateEndpointInfo?> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        PrivateEndpointInfo? endpoint = await arm.GetPrivateEndpointAsync(endpointName, CancellationToken.None);
        Log.ConnectionStateRead(logger, context.InstanceId, endpointName, endpoint?.ConnectionStatus.ToString() ?? "NotFound");
        return endpoint is null ? null : endpoint;
    }
}

/// <summary>What sending a PUT or DELETE of an endpoint did: started an operation, found nothing to do, or was turned away.</summary>
/// <remarks>A transient refusal is returned, not thrown, so the orchestrator waits the Retry-After ARM asked for on a durable timer.</remarks>
/// <param name="Operation">The operation to poll; null when a DELETE found nothing, or when the request was turned away.</param>
/// <param name="Endpoint">The endpoint as the PUT answered.</param>
/// <param name="TransientCode">ARM's code when it turned the request away for now (409 <c>AnotherOperationInProgress</c>, 429, 5xx).</param>
/// <param name="RefusedStatus">ARM's status when it refused the request for good (0 when it did not).</param>
/// <param name="RefusedCode">ARM's code when it refused (<c>RequestDisallowedByPolicy</c>, <c>InvalidPrivateLinkServiceId</c>, …).</param>
/// <param name="Message">ARM's message for a transient or final refusal.</param>
/// <param name="RetryAfter">How long ARM asked to wait, when it said.</param>
public sealed record EndpointOperationStart(
    PrivateEndpointOperation? Operation,
    PrivateEndpointInfo? Endpoint,
    string? TransientCode = null,
    int RefusedStatus = 0,
    string? RefusedCode = null,
    string? Message = null,
    TimeSpan? RetryAfter = null)
{
    /// <summary>Gets a value indicating whether ARM turned the request away for now.</summary>
    public bool IsTransient => TransientCode is not null;

    /// <summary>Gets a value indicating whether ARM refused the request for good.</summary>
    public bool IsRefused => RefusedStatus != 0;

    /// <summary>Wraps a transient refusal.</summary>
    /// <param name="ex">The adapter's exception.</param>
    /// <returns>The result.</returns>
    public static EndpointOperationStart Transient(ArmTransientException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new(null, null, TransientCode: ex.ErrorCode ?? ex.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), Message: ex.Message, RetryAfter: ex.RetryAfter);
    }

    /// <summary>Wraps a final refusal.</summary>
    /// <param name="ex">The adapter's exception.</param>
    /// <returns>The result.</returns>
    public static EndpointOperationStart Refused(ArmRequestException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return new(null, null, RefusedStatus: ex.Status == 0 ? 400 : ex.Status, RefusedCode: ex.ErrorCode, Message: ex.Message);
    }
}
