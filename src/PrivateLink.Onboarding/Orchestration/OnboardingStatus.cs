using System.Text.Json.Serialization;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>
/// The status document of one destination: the one record of where its onboarding stands. The orchestration publishes it as its
/// custom status and returns it as its output; the status API's view and the destination event are projections of it.
/// </summary>
/// <remarks>
/// Kept small (well under 16 KB): the timeline is capped and ports are capped by validation. To extend it, add a stage to
/// <see cref="OnboardingStage"/> (classified once in <see cref="OnboardingStageExtensions"/>), a per-endpoint fact to
/// <see cref="DestinationEndpoint"/>, or a destination-wide fact here as an optional member with a <c>With…</c> transition.
/// </remarks>
/// <param name="Stage">The current stage.</param>
/// <param name="EnteredAtUtc">When the current stage was entered (orchestration time).</param>
/// <param name="Detail">What happened, in words a support engineer can act on.</param>
/// <param name="Timeline">Every stage entered, oldest first, each with its time and who caused it.</param>
/// <param name="Preflight">What the best-effort read of the target found (readable or not, groupId, region, tier, alias visibility).</param>
/// <param name="Endpoints">Every endpoint of the destination (ADLS Gen2: blob and dfs), each with its ARM record and its probes.</param>
/// <param name="Request">
/// The validated request the destination runs, set once by the workflow, so a list reads the document alone (without the
/// instance's input). Null in documents published before it was added: readers fall back to the instance's input.
/// </param>
public sealed record OnboardingStatus(
    OnboardingStage Stage,
    DateTime EnteredAtUtc,
    string? Detail,
    IReadOnlyList<StageEntry> Timeline,
    PreflightReport? Preflight = null,
    IReadOnlyList<DestinationEndpoint>? Endpoints = null,
    OnboardDestinationInput? Request = null)
{
    /// <summary>The most timeline entries kept (the first one and the newest ones).</summary>
    public const int MaxTimelineEntries = 32;

    /// <summary>Gets the first endpoint's ARM record, once created (a projection of <see cref="Endpoints"/>).</summary>
    public PrivateEndpointInfo? Endpoint => Endpoints is { Count: > 0 } endpoints ? endpoints.Select(e => e.Endpoint).FirstOrDefault(e => e is not null) : null;

    /// <summary>Gets the per-port results through every endpoint, once checked (a projection of <see cref="Endpoints"/>).</summary>
    public IReadOnlyList<ProbeResult>? Probes => Endpoints is { } endpoints && endpoints.Any(e => e.Probes is not null)
        ? endpoints.SelectMany(e => e.Probes ?? []).ToArray()
        : null;

    /// <summary>Gets who caused the current stage, if someone did (the newest timeline entry's actor).</summary>
    [JsonIgnore]
    public Actor? Actor => Timeline.Count > 0 && Timeline[^1].Stage == Stage && Timeline[^1].AtUtc == EnteredAtUtc ? Timeline[^1].Actor : null;

    /// <summary>Gets an empty document: before the workflow entered any stage.</summary>
    public static OnboardingStatus Empty { get; } = new(OnboardingStage.Submitted, default, null, []);

    /// <summary>Enters a stage: sets it, its detail and time, and appends it to the timeline (capped at <see cref="MaxTimelineEntries"/>).</summary>
    /// <param name="stage">The stage entered.</param>
    /// <param name="detail">What happened.</param>
    /// <param name="atUtc">When (orchestration time).</param>
    /// <param name="actor">Who caused it, if someone did.</param>
    /// <returns>The new document.</returns>
    public OnboardingStatus Entering(OnboardingStage stage, string? detail, DateTime atUtc, Actor? actor)
    {
        List<StageEntry> timeline = [.. Timeline, new StageEntry(stage, atUtc, actor)];
        if (timeline.Count > MaxTimelineEntries)
        {
            timeline.RemoveAt(1);
        }

        return this with { Stage = stage, Detail = detail, EnteredAtUtc = atUtc, Timeline = timeline };
    }

    /// <summary>Records the destination's endpoints as last read or probed.</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>The new document.</returns>
    public OnboardingStatus WithEndpoints(IReadOnlyList<DestinationEndpoint> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return this with { Endpoints = endpoints.ToArray() };
    }
}
