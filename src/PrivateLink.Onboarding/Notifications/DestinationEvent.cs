using System.Globalization;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>A destination reached a stage that subscribers (event topic, ticket system) care about: a projection of its status document.</summary>
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
    PrivateEndpointInfo? Endpoint,
    Actor? Actor = null,
    string? DestinationType = null,
    TimeSpan? ApprovalWait = null)
{
    /// <summary>Projects the current stage of a destination's status document into the event its subscribers receive.</summary>
    /// <param name="request">The destination's validated request (ticket, callback and type).</param>
    /// <param name="status">The status document.</param>
    /// <returns>The event, with an id deterministic per destination, stage and time.</returns>
    public static DestinationEvent From(OnboardDestinationInput request, OnboardingStatus status)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(status);
        string eventId = string.Create(CultureInfo.InvariantCulture, $"{request.DestinationId}:{status.Stage}:{status.EnteredAtUtc.Ticks}");
        return new DestinationEvent(
            eventId, request.DestinationId, request.TicketId, status.Stage, status.Detail, status.EnteredAtUtc, request.CallbackUrl, status.Endpoint, status.Actor)
        {
            DestinationType = request.DestinationType.ToString(),
            ApprovalWait = status.Stage.IsTerminal() ? WorkflowSteps.ApprovalWaitOf(status.Timeline) : null,
        };
    }
}
