namespace PrivateLink.Arm;

/// <summary>The private endpoint to create for one destination.</summary>
/// <param name="EndpointName">The deterministic endpoint name (derived from the destination id).</param>
/// <param name="TargetResourceId">The resource the endpoint connects to (<c>privateLinkServiceId</c>).</param>
/// <param name="GroupId">The Private Link subresource; null for a Private Link Service.</param>
/// <param name="RequestMessage">The message the customer sees with the request (at most <see cref="MaxRequestMessageLength"/> characters).</param>
/// <param name="DestinationId">The destination id, written as a tag so the watcher can list owned endpoints.</param>
public sealed record CreatePrivateEndpointRequest(
    string EndpointName,
    string TargetResourceId,
    string? GroupId,
    string RequestMessage,
    string DestinationId)
{
    /// <summary>The longest request message ARM accepts on a manual connection.</summary>
    public const int MaxRequestMessageLength = 140;
}
