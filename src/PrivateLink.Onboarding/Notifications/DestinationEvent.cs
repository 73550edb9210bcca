using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>A destination reached a stage that subscribers (event topic, ticket system) care about.</summary>
/// <param name="EventId">A deterministic id per destination, stage and time, so a replayed publication can be de-duplicated downstream.</param>
/// <param name="DestinationId">The destination id.</param>
/// <param name="TicketId">The ticket, if any.</param>
/// <param name="Stage">The stage reached.</param>
/// <param name="Detail">What happened.</param>
/// <param name="OccurredAtUtc">When (orchestration time).</param>
/// <param name="CallbackUrl">Where the ticket system wants to be called back, if anywhere.</param>
/// <param name="Endpoint">The endpoint, if any.</param>
/// <param name="Actor">Who caused this stage (the caller of the command), if someone did.</param>
/// <param name="DestinationType">The destination type (a name from the support matrix).</param>
/// <param name="ApprovalWait">How long the connection request waited for the customer's decision, on the event that ends the workflow after a wait.</param>
public sealed record DestinationEvent(
    string EventId,
    string DestinationId,
    string? TicketId,
    OnboardingStage Stage,
    string? Detail,
    DateTime OccurredAtUtc,
    string? CallbackUrl,
    EndpointSummary? Endpoint,
    PrivateLink.Onboarding.Model.Actor? Actor = null,
    string? DestinationType = null,
    TimeSpan? ApprovalWait = null);
