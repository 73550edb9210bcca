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
