namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The payload of <see cref="WorkflowEvents.ConnectionStateChanged"/>: a hint, checked against ARM before it is believed.</summary>
/// <param name="Source">Who raised it (approval webhook, watcher).</param>
/// <param name="ReportedStatus">What the source says the status is; informational only.</param>
public sealed record ConnectionStateChangedEvent(string Source, string? ReportedStatus);
