using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Names of the external events the onboarding workflow waits for; their payloads follow.</summary>
public static class WorkflowEvents
{
    /// <summary>Someone (the approval webhook, the watcher, the customer's portal action) says the connection state may have changed.</summary>
    /// <remarks>The payload is never believed: the workflow reads the real state from ARM.</remarks>
    public const string ConnectionStateChanged = nameof(ConnectionStateChanged);

    /// <summary>An operator asked to stop the onboarding; the endpoint is deleted.</summary>
    public const string CancelRequested = nameof(CancelRequested);
}

/// <summary>The payload of <see cref="WorkflowEvents.CancelRequested"/>.</summary>
/// <param name="Reason">Why the operator cancelled.</param>
/// <param name="Actor">Who asked.</param>
public sealed record CancelRequestedEvent(string? Reason, Actor? Actor = null);

/// <summary>The payload of <see cref="WorkflowEvents.ConnectionStateChanged"/>: a hint, checked against ARM before it is believed.</summary>
/// <param name="Source">Who raised it (approval webhook, watcher).</param>
/// <param name="ReportedStatus">What the source says the status is; informational only.</param>
/// <param name="Actor">Who raised it (the API caller, an intake, or <c>system:watcher</c>).</param>
public sealed record ConnectionStateChangedEvent(string Source, string? ReportedStatus, Actor? Actor = null);

/// <summary>The input of a re-check or an offboarding: the destination's request and where it stood.</summary>
/// <param name="Request">The destination's validated onboarding request.</param>
/// <param name="Previous">The status the destination had, so the timeline continues.</param>
/// <param name="Actor">Who asked for the re-check or the offboarding.</param>
public sealed record RecheckInput(OnboardDestinationInput Request, OnboardingStatus? Previous, Actor? Actor = null);
