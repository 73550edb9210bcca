namespace PrivateLink.Onboarding.Activities;

/// <summary>The endpoint to create for a destination.</summary>
/// <param name="DestinationId">The destination id.</param>
/// <param name="EndpointName">The deterministic endpoint name.</param>
/// <param name="TargetResourceId">The target resource or Private Link Service.</param>
/// <param name="GroupId">The groupId; null for a Private Link Service.</param>
/// <param name="TicketId">The ticket, quoted in the request message the customer sees.</param>
public sealed record CreatePrivateEndpointInput(
    string DestinationId,
    string EndpointName,
    string TargetResourceId,
    string? GroupId,
    string? TicketId);
