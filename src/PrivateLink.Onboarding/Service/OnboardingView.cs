using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>An onboarding as the status API shows it: its status document, with the request and the workflow run around it.</summary>
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
    PrivateEndpointInfo? Endpoint,
    IReadOnlyList<ProbeResult>? Probes,
    OnboardDestinationInput? Request,
    DateTime CreatedAtUtc,
    DateTime LastUpdatedAtUtc,
    string? Error,
    PreflightReport? Preflight = null,
    IReadOnlyList<DestinationEndpoint>? Endpoints = null)
{
    /// <summary>Projects a destination's status document into the API view.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="stage">Where the onboarding stands (the document's stage, unless the run says otherwise).</param>
    /// <param name="runtimeStatus">The run's runtime status.</param>
    /// <param name="status">The status document, or null before the workflow published one.</param>
    /// <param name="request">The validated request.</param>
    /// <param name="createdAtUtc">When the run was created.</param>
    /// <param name="lastUpdatedAtUtc">When it last changed.</param>
    /// <param name="error">The unexpected error that stopped the run, if any.</param>
    /// <returns>The view.</returns>
    public static OnboardingView From(
        string destinationId,
        OnboardingStage stage,
        string runtimeStatus,
        OnboardingStatus? status,
        OnboardDestinationInput? request,
        DateTime createdAtUtc,
        DateTime lastUpdatedAtUtc,
        string? error) =>
        new(
            destinationId,
            stage,
            runtimeStatus,
            status?.Detail,
            status?.EnteredAtUtc,
            status?.Timeline ?? [],
            status?.Endpoint,
            status?.Probes,
            request,
            createdAtUtc,
            lastUpdatedAtUtc,
            error,
            status?.Preflight,
            status?.Endpoints);
}
