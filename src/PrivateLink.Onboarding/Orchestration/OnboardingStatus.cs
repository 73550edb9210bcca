using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
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
/// Published as custom status through <see cref="ForCustomStatus"/>, which keeps it within the task hub's limit; the output holds it
/// whole. To extend it, add a stage to
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

    /// <summary>
    /// The most UTF-16 bytes of JSON a custom status is published with: the limit Durable Functions documents. (Azure Storage keeps
    /// custom status in one table column of at most 64 KB, so a larger one would fail every checkpoint of the orchestration.)
    /// </summary>
    public const int MaxCustomStatusBytes = 16 * 1024;

    /// <summary>How many of the newest timeline entries a compacted custom status keeps, besides the first.</summary>
    private const int CompactTimelineEntries = 7;

    /// <summary>How many characters of the detail a custom status keeps when everything else has been compacted.</summary>
    private const int CompactDetailLength = 2_000;

    /// <summary>Gets the first endpoint's ARM record, once created (a projection of <see cref="Endpoints"/>).</summary>
    [JsonIgnore]
    public PrivateEndpointInfo? Endpoint => Endpoints is { Count: > 0 } endpoints ? endpoints.Select(e => e.Endpoint).FirstOrDefault(e => e is not null) : null;

    /// <summary>Gets the per-port results through every endpoint, once checked (a projection of <see cref="Endpoints"/>).</summary>
    [JsonIgnore]
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

    /// <summary>
    /// Projects the document into the custom status the orchestration publishes: the document itself when its JSON fits
    /// <see cref="MaxCustomStatusBytes"/>, otherwise compacted step by step until it does, each step only if the one before was not
    /// enough: the probes' TLS sessions and name checks (each probe keeps its outcome, port, protocol, detail and timings), the
    /// request's CA bundle, the probes, the middle of the timeline, the end of the detail. What a step drops stays in the
    /// orchestration's input (the request) or output (the whole document, which the status API reads once the run has ended);
    /// a running workflow's document is small, as its probes are written just before it ends.
    /// </summary>
    /// <returns>A document whose JSON fits the custom status limit.</returns>
    public OnboardingStatus ForCustomStatus()
    {
        Func<OnboardingStatus, OnboardingStatus>[] steps =
        [
            s => s with { Endpoints = s.Endpoints?.Select(e => e with { Probes = e.Probes?.Select(p => p with { Tls = null, NameResolution = null }).ToArray() }).ToArray() },
            s => s with { Request = s.Request is null ? null : s.Request with { TrustedCaCertificatesPem = null } },
            s => s with { Endpoints = s.Endpoints?.Select(e => e with { Probes = null }).ToArray() },
            s => s with { Timeline = s.Timeline.Count <= CompactTimelineEntries + 1 ? s.Timeline : [s.Timeline[0], .. s.Timeline.TakeLast(CompactTimelineEntries)] },
            s => s with { Detail = s.Detail is { Length: > CompactDetailLength } detail ? string.Concat(detail.AsSpan(0, CompactDetailLength - 1), "…") : s.Detail },
        ];
        OnboardingStatus published = this;
        foreach (Func<OnboardingStatus, OnboardingStatus> step in steps)
        {
            if (FitsCustomStatus(published))
            {
                return published;
            }

            published = step(published);
        }

        return published;
    }

    /// <summary>Whether a document's JSON, as the task hub stores it, fits <see cref="MaxCustomStatusBytes"/>.</summary>
    /// <param name="status">The document.</param>
    /// <returns>True when it fits.</returns>
    public static bool FitsCustomStatus(OnboardingStatus status) =>
        System.Text.Encoding.Unicode.GetByteCount(JsonSerializer.Serialize(status, OnboardingJson.Options)) <= MaxCustomStatusBytes;
}

/// <summary>One step of an onboarding's timeline.</summary>
/// <param name="Stage">The stage entered.</param>
/// <param name="AtUtc">When it was entered (orchestration time).</param>
/// <param name="Actor">Who caused it (the caller of a command, an intake or the service's own watcher), when someone did.</param>
public sealed record StageEntry(OnboardingStage Stage, DateTime AtUtc, Actor? Actor = null);

/// <summary>One of a destination's private endpoints (ADLS Gen2 has two: blob and dfs), with its probe results.</summary>
/// <param name="Name">The endpoint's deterministic name: <c>pe-onboard-{destinationId}</c> for the first, <c>pe-onboard-{destinationId}-{groupId}</c> for the others.</param>
/// <param name="GroupId">The Private Link subresource; null for a Private Link Service.</param>
/// <param name="HostName">The host name probed through this endpoint (SNI and certificate name).</param>
/// <param name="Endpoint">The endpoint as last read from ARM; null before it exists.</param>
/// <param name="Probes">The per-port results through this endpoint, once checked.</param>
/// <param name="Dns">The private DNS names registered for this endpoint (FQDN → private IP), once addresses are known.</param>
public sealed record DestinationEndpoint(
    string Name,
    string? GroupId,
    string HostName,
    PrivateEndpointInfo? Endpoint,
    IReadOnlyList<ProbeResult>? Probes,
    PrivateDnsRegistration? Dns = null);

/// <summary>Which endpoints a destination has: one per groupId it needs, named deterministically.</summary>
internal static class DestinationEndpoints
{
    /// <summary>Names endpoints the way every detail text does: "pe-onboard-lake and pe-onboard-lake-dfs".</summary>
    /// <param name="endpoints">The endpoints.</param>
    /// <returns>Their names joined by "and".</returns>
    public static string Names(IEnumerable<DestinationEndpoint> endpoints) => string.Join(" and ", endpoints.Select(e => e.Name));

    /// <summary>Plans the destination's endpoints: the first keeps the single-endpoint name <c>pe-onboard-{id}</c>, so existing endpoints keep theirs.</summary>
    /// <param name="input">The request.</param>
    /// <param name="groupIds">The groupIds to connect, the first first; empty for a Private Link Service.</param>
    /// <returns>The endpoints, not yet created.</returns>
    public static List<DestinationEndpoint> Plan(OnboardDestinationInput input, IReadOnlyList<string> groupIds)
    {
        if (groupIds.Count == 0)
        {
            return [new DestinationEndpoint(input.EndpointName, null, input.HostName, null, null)];
        }

        // The host name names one of the subresources (lake1.dfs.core.windows.net); the others' names are derived from it.
        string[] labels = input.HostName.Split('.');
        string hostGroupId = labels.Length > 2 && groupIds.Contains(labels[1], StringComparer.OrdinalIgnoreCase) ? labels[1] : groupIds[0];
        List<DestinationEndpoint> plan = [];
        for (int i = 0; i < groupIds.Count; i++)
        {
            string name = i == 0 ? input.EndpointName : $"{input.EndpointName}-{groupIds[i].ToLowerInvariant()}";
            plan.Add(new DestinationEndpoint(name, groupIds[i], HostNameFor(input.HostName, hostGroupId, groupIds[i]), null, null));
        }

        return plan;
    }

    /// <summary>Gets the endpoints a destination had, from its last status (or the single-endpoint name).</summary>
    /// <param name="input">The request.</param>
    /// <param name="previous">The status the destination had.</param>
    /// <returns>The endpoints.</returns>
    public static List<DestinationEndpoint> From(OnboardDestinationInput input, OnboardingStatus? previous) =>
        previous?.Endpoints is { Count: > 0 } endpoints
            ? endpoints.ToList()
            : [new DestinationEndpoint(input.EndpointName, input.GroupId, input.HostName, previous?.Endpoint, null)];

    /// <summary>Derives the host name of another subresource of the same account: <c>lake1.dfs.core.windows.net</c> → <c>lake1.blob.core.windows.net</c>.</summary>
    /// <param name="hostName">The request's host name.</param>
    /// <param name="groupId">The groupId the host name belongs to.</param>
    /// <param name="otherGroupId">The other groupId.</param>
    /// <returns>The derived host name, or <paramref name="hostName"/> when it does not carry the groupId as its second label.</returns>
    public static string HostNameFor(string hostName, string groupId, string otherGroupId)
    {
        string[] labels = hostName.Split('.');
        if (labels.Length > 2 && string.Equals(labels[1], groupId, StringComparison.OrdinalIgnoreCase) && !string.Equals(groupId, otherGroupId, StringComparison.OrdinalIgnoreCase))
        {
            labels[1] = otherGroupId.ToLowerInvariant();
            return string.Join('.', labels);
        }

        return hostName;
    }
}

/// <summary>Where an onboarding stands.</summary>
public enum OnboardingStage
{
    /// <summary>Accepted; the workflow has not started yet.</summary>
    Submitted,

    /// <summary>Checking the target resource against ARM.</summary>
    Validating,

    /// <summary>Creating the private endpoint with a manual connection request.</summary>
    CreatingEndpoint,

    /// <summary>Waiting for the customer to approve the connection.</summary>
    AwaitingApproval,

    /// <summary>Probing every port, TLS first.</summary>
    CheckingConnectivity,

    /// <summary>Done: the destination is reachable.</summary>
    Ready,

    /// <summary>The target is not usable (missing, wrong type, groupId not offered).</summary>
    ValidationFailed,

    /// <summary>The customer rejected (or removed) the connection; the endpoint was deleted.</summary>
    Rejected,

    /// <summary>Nobody approved within the timeout; the endpoint was deleted.</summary>
    ApprovalTimedOut,

    /// <summary>The connection is approved but a port did not answer as required; the endpoint is kept for a re-check.</summary>
    ConnectivityFailed,

    /// <summary>An operator cancelled; the endpoint was deleted.</summary>
    Cancelled,

    /// <summary>An unexpected error stopped the workflow; its message is kept.</summary>
    Failed,

    /// <summary>Deleting the endpoint of a destination being offboarded.</summary>
    Offboarding,

    /// <summary>The destination was offboarded; its endpoint is gone.</summary>
    Offboarded,

    /// <summary>Was Ready; the connection is still approved but a re-probe failed. The endpoint is kept and watched: it returns to Ready when a re-probe passes.</summary>
    Degraded,

    /// <summary>Was Ready; the customer removed or rejected the connection. A removed or rejected connection cannot be approved again, so the endpoint was deleted: submit again.</summary>
    Disconnected,

    /// <summary>Was Ready; the endpoint was deleted outside this service (any other endpoint of the destination was deleted too): submit again.</summary>
    EndpointMissing,
}

/// <summary>Classifies stages: the one place that says which stages end a workflow, which end it well, which keep an approved endpoint and which may still await approval.</summary>
public static class OnboardingStageExtensions
{
    private static readonly OrchestrationRuntimeStatus[] InFlightStatuses =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    private static readonly OrchestrationRuntimeStatus[] EndedStatuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, .. InFlightStatuses];

    private static readonly OrchestrationRuntimeStatus[] FailedStatuses = [OrchestrationRuntimeStatus.Terminated, .. EndedStatuses];

    /// <summary>Tells whether the workflow has ended in this stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and every failure or end stage.</returns>
    public static bool IsTerminal(this OnboardingStage stage) => stage is OnboardingStage.Ready
        or OnboardingStage.ValidationFailed or OnboardingStage.Rejected or OnboardingStage.ApprovalTimedOut
        or OnboardingStage.ConnectivityFailed or OnboardingStage.Cancelled or OnboardingStage.Failed or OnboardingStage.Offboarded
        or OnboardingStage.Degraded or OnboardingStage.Disconnected or OnboardingStage.EndpointMissing;

    /// <summary>Tells whether a terminal stage is a successful end of its workflow (counted as completed, not failed).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and Offboarded.</returns>
    public static bool IsSuccessfulEnd(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.Offboarded;

    /// <summary>Tells whether the destination still has a private endpoint that an operator may re-check or offboard.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready, ConnectivityFailed and Degraded.</returns>
    public static bool HasApprovedEndpoint(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.ConnectivityFailed or OnboardingStage.Degraded;

    /// <summary>Tells whether the health watch looks after a destination in this stage (its endpoint in ARM, and a re-probe on an interval).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and Degraded.</returns>
    public static bool IsWatchedForHealth(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.Degraded;

    /// <summary>Tells whether an onboarding in this stage may still be waiting for the customer's approval, so that an approval notice is accepted.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for every stage up to and including AwaitingApproval (a notice sent early is buffered by the workflow).</returns>
    public static bool MayAwaitApproval(this OnboardingStage stage) => stage is OnboardingStage.Submitted
        or OnboardingStage.Validating or OnboardingStage.CreatingEndpoint or OnboardingStage.AwaitingApproval;

    /// <summary>Tells which runtime statuses an instance whose status document is in this stage can have, so a list by stage queries only those.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>
    /// For a stage before the end of a workflow: Running, Pending or Suspended (a run that stops on an unexpected error before an end
    /// stage reads as Failed, see <see cref="StageOf"/>). For an end stage: Completed, Failed when an unexpected error stopped the run
    /// after it, and Running, Pending or Suspended while a follow-up run (re-check, health check, offboarding) starts from it;
    /// for Failed also Terminated (an operator's termination reads as Failed).
    /// </returns>
    public static IReadOnlyList<OrchestrationRuntimeStatus> RuntimeStatuses(this OnboardingStage stage) =>
        !stage.IsTerminal() ? InFlightStatuses
        : stage == OnboardingStage.Failed ? FailedStatuses
        : EndedStatuses;

    /// <summary>Reads where an instance stands from its runtime status and the stage its status document names.</summary>
    /// <param name="runtimeStatus">The instance's runtime status.</param>
    /// <param name="documentStage">The stage of its status document (Submitted before it published one).</param>
    /// <returns>The document's stage; Failed when an operator terminated the run, or when it stopped (failed, terminated) before an end stage.</returns>
    public static OnboardingStage StageOf(OrchestrationRuntimeStatus runtimeStatus, OnboardingStage documentStage) =>
        runtimeStatus == OrchestrationRuntimeStatus.Terminated ? OnboardingStage.Failed
        : runtimeStatus == OrchestrationRuntimeStatus.Failed && !documentStage.IsTerminal() ? OnboardingStage.Failed
        : documentStage;
}

/// <summary>Holds an orchestration's <see cref="OnboardingStatus"/> document and publishes it as the custom status on every change.</summary>
/// <remarks>Uses only orchestration time, so it replays identically.</remarks>
internal sealed class StatusTracker
{
    private readonly TaskOrchestrationContext _context;
    private readonly string _destinationId;

    /// <summary>Initializes a new instance of the <see cref="StatusTracker"/> class.</summary>
    /// <param name="context">The orchestration's context.</param>
    /// <param name="request">The validated request the run works on; the document carries it from its first publication.</param>
    /// <param name="previous">The document a follow-up run (re-check, health check, offboarding) continues, or null.</param>
    public StatusTracker(TaskOrchestrationContext context, OnboardDestinationInput request, OnboardingStatus? previous)
    {
        _context = context;
        _destinationId = request.DestinationId;
        // A follow-up run (re-check, health check) that changes nothing keeps the stage it found.
        Current = (previous ?? OnboardingStatus.Empty) with { Request = request };
    }

    /// <summary>Gets the document as last published.</summary>
    public OnboardingStatus Current { get; private set; }

    public OnboardingStage Stage => Current.Stage;

    public string? Detail => Current.Detail;

    public DateTime EnteredAtUtc => Current.EnteredAtUtc;

    public IReadOnlyList<DestinationEndpoint>? Endpoints => Current.Endpoints;

    public void Enter(OnboardingStage stage, string? detail = null, Actor? actor = null)
    {
        Current = Current.Entering(stage, detail, _context.CurrentUtcDateTime, actor);
        ILogger logger = _context.CreateReplaySafeLogger<StatusTracker>();
        Log.StageEntered(logger, _context.InstanceId, _destinationId, stage.ToString(), detail);
        if (actor is not null)
        {
            Log.StageCausedBy(logger, _context.InstanceId, _destinationId, stage.ToString(), actor.ObjectId, actor.AppId, actor.DisplayName);
        }

        Publish();
    }

    /// <summary>Replaces the detail of the current stage.</summary>
    public void UpdateDetail(string detail)
    {
        Current = Current with { Detail = detail };
        Publish();
    }

    /// <summary>Records the destination's endpoints; the document's endpoint and probes are projections of them.</summary>
    public void UpdateEndpoints(IReadOnlyList<DestinationEndpoint> endpoints)
    {
        Current = Current.WithEndpoints(endpoints);
        Publish();
    }

    public void UpdatePreflight(PreflightReport? preflight)
    {
        Current = Current with { Preflight = preflight };
        Publish();
    }

    // Compacted when the task hub serializes it (once per episode), not on each call: replays repeat every call of the history.
    private void Publish() => _context.SetCustomStatus(new PublishedStatus(Current));

    /// <summary>The document as custom status: written as <see cref="OnboardingStatus.ForCustomStatus"/>, read back as the document.</summary>
    [JsonConverter(typeof(PublishedStatusConverter))]
    private sealed class PublishedStatus(OnboardingStatus document)
    {
        public OnboardingStatus Document { get; } = document;
    }

    private sealed class PublishedStatusConverter : JsonConverter<PublishedStatus>
    {
        public override PublishedStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            new(JsonSerializer.Deserialize<OnboardingStatus>(ref reader, options) ?? throw new JsonException("A custom status that is not a document."));

        public override void Write(Utf8JsonWriter writer, PublishedStatus value, JsonSerializerOptions options) =>
            JsonSerializer.Serialize(writer, value.Document.ForCustomStatus(), options);
    }
}
