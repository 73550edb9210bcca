using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api;

/// <summary>An onboarding as the status API shows it.</summary>
/// <param name="DestinationId">The destination id.</param>
/// <param name="Stage">The current stage.</param>
/// <param name="RuntimeStatus">The orchestration's runtime status (Pending, Running, Completed, Failed, Terminated).</param>
/// <param name="Detail">What happened, in words a support engineer can act on.</param>
/// <param name="EnteredAtUtc">When the current stage was entered.</param>
/// <param name="Timeline">Every stage entered, oldest first.</param>
/// <param name="Endpoint">The private endpoint, once created.</param>
/// <param name="Probes">The per-port connectivity results.</param>
/// <param name="Request">The validated request.</param>
/// <param name="CreatedAtUtc">When the current workflow run was created.</param>
/// <param name="LastUpdatedAtUtc">When it last changed.</param>
/// <param name="Error">The unexpected error that stopped the workflow, if any.</param>
/// <param name="Preflight">What the best-effort read of the target found (readable or not, groupId, region, tier, alias visibility).</param>
/// <param name="Endpoints">Every endpoint of the destination (ADLS Gen2: blob and dfs) with its probes; <paramref name="Endpoint"/> is the first.</param>
public sealed record OnboardingView(
    string DestinationId,
    OnboardingStage Stage,
    string RuntimeStatus,
    string? Detail,
    DateTime? EnteredAtUtc,
    IReadOnlyList<StageEntry> Timeline,
    EndpointSummary? Endpoint,
    IReadOnlyList<ProbeResult>? Probes,
    OnboardDestinationInput? Request,
    DateTime CreatedAtUtc,
    DateTime LastUpdatedAtUtc,
    string? Error,
    PreflightReport? Preflight = null,
    IReadOnlyList<DestinationEndpoint>? Endpoints = null);
