using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Creates the destination's private endpoint with a manual connection request (idempotent PUT by deterministic name).</summary>
public sealed class CreatePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<CreatePrivateEndpointActivity> logger)
    : TaskActivity<CreatePrivateEndpointInput, EndpointSummary>
{
    /// <summary>The longest request message ARM accepts.</summary>
    public const int MaxRequestMessageLength = 140;

    /// <inheritdoc/>
    public override async Task<EndpointSummary> RunAsync(TaskActivityContext context, CreatePrivateEndpointInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var request = new CreatePrivateEndpointRequest(
            input.EndpointName, input.TargetResourceId, input.GroupId, RequestMessage(input.TicketId, input.DestinationId), input.DestinationId);
        PrivateEndpointInfo endpoint = await arm.CreatePrivateEndpointAsync(request, CancellationToken.None);
        Log.EndpointCreated(logger, context.InstanceId, input.DestinationId, endpoint.Name, endpoint.Connection.Status.ToString());
        return EndpointSummary.From(endpoint);
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
