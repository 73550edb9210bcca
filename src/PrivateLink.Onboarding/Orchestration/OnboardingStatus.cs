using PrivateLink.Connectivity;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The custom status of an onboarding orchestration: what the portal and the status API show.</summary>
/// <remarks>Kept small (well under 16 KB): the timeline is capped and ports are capped by validation.</remarks>
/// <param name="Stage">The current stage.</param>
/// <param name="EnteredAtUtc">When the current stage was entered.</param>
/// <param name="Detail">What happened, in words a support engineer can act on.</param>
/// <param name="Timeline">Every stage entered, oldest first.</param>
/// <param name="Endpoint">The private endpoint, once created.</param>
/// <param name="Probes">The per-port connectivity results, once checked.</param>
public sealed record OnboardingStatus(
    OnboardingStage Stage,
    DateTime EnteredAtUtc,
    string? Detail,
    IReadOnlyList<StageEntry> Timeline,
    EndpointSummary? Endpoint,
    IReadOnlyList<ProbeResult>? Probes);
