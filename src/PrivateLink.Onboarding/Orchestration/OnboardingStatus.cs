using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The custom status of an onboarding orchestration: what the portal and the status API show.</summary>
/// <remarks>Kept small (well under 16 KB): the timeline is capped and ports are capped by validation.</remarks>
/// <param name="Stage">The current stage.</param>
/// <param name="EnteredAtUtc">When the current stage was entered.</param>
/// <param name="Detail">What happened, in words a support engineer can act on.</param>
/// <param name="Timeline">Every stage entered, oldest first.</param>
/// <param name="Endpoint">The private endpoint, once created.</param>
/// <param name="Probes">The per-port connectivity results of every endpoint, once checked.</param>
/// <param name="Preflight">What the best-effort read of the target found (readable or not, groupId, region, tier, alias visibility).</param>
/// <param name="Endpoints">Every endpoint of the destination (ADLS Gen2: blob and dfs), each with its probes; <paramref name="Endpoint"/> is the first.</param>
public sealed record OnboardingStatus(
    OnboardingStage Stage,
    DateTime EnteredAtUtc,
    string? Detail,
    IReadOnlyList<StageEntry> Timeline,
    EndpointSummary? Endpoint,
    IReadOnlyList<ProbeResult>? Probes,
    PreflightReport? Preflight = null,
    IReadOnlyList<DestinationEndpoint>? Endpoints = null);
