using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The payload of <see cref="WorkflowEvents.CancelRequested"/>.</summary>
/// <param name="Reason">Why the operator cancelled.</param>
/// <param name="Actor">Who asked.</param>
public sealed record CancelRequestedEvent(string? Reason, Actor? Actor = null);
