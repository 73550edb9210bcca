using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The payload of <see cref="WorkflowEvents.ConnectionStateChanged"/>: a hint, checked against ARM before it is believed.</summary>
/// <param name="Source">Who raised it (approval webhook, watcher).</param>
/// <param name="ReportedStatus">What the source says the status is; informational only.</param>
/// <param name="Actor">Who raised it (the API caller, an intake, or <c>system:watcher</c>).</param>
public sealed record ConnectionStateChangedEvent(string Source, string? ReportedStatus, Actor? Actor = null);
