using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Sends the PUT of a destination's private endpoint (manual connection request, deterministic name) and returns at once.</summary>
/// <remarks>The orchestrator polls the operation with durable timers: no activity waits on a long Azure operation.</remarks>
public sealed class BeginCreatePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<BeginCreatePrivateEndpointActivity> logger)
    : TaskActivity<CreatePrivateEndpointInput, EndpointOperationStart>
{
    /// <summary>The longest request message ARM accepts.</summary>
    public const int MaxRequestMessageLength = 140;

    /// <inheritdoc/>
    public override async Task<EndpointOperationStart> RunAsync(TaskActivityContext context, CreatePrivateEndpointInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = new CreatePrivateEndpointRequest(
            input.EndpointName, input.TargetResourceId, input.GroupId, RequestMessage(input.TicketId, input.DestinationId), input.DestinationId);
        try
        {
            PrivateEndpointCreateStarted started = await arm.BeginCreatePrivateEndpointAsync(request, CancellationToken.None);
            Log.EndpointCreateStarted(logger, context.InstanceId, input.DestinationId, input.EndpointName, started.Endpoint.ProvisioningState);
            return new EndpointOperationStart(started.Operation, EndpointSummary.From(started.Endpoint));
        }
        catch (ArmTransientException ex)
        {
            Log.EndpointWriteDeferred(logger, context.InstanceId, input.EndpointName, ex.Status, ex.ErrorCode);
            return EndpointOperationStart.Transient(ex);
        }
        catch (ArmRequestException ex)
        {
            return EndpointOperationStart.Refused(ex);
        }
    }

    /// <summary>Builds the message the customer sees next to the connection request (at most 140 characters).</summary>
    /// <param name="ticketId">The ticket id, if any.</param>
    /// <param name="destinationId">The destination id.</param>
    /// <returns>The message.</returns>
    internal static string RequestMessage(string? ticketId, string destinationId)
    {
        string message = ticketId is null
            ? $"Data integration private connection for destination {destinationId}."
            : $"Data integration private connection, ticket {ticketId}, destination {destinationId}.";
        return message.Length <= MaxRequestMessageLength ? message : message[..MaxRequestMessageLength];
    }
}
