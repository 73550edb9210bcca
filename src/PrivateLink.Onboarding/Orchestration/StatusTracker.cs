using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Keeps an orchestration's custom status (stage, timeline, endpoint, probes) and publishes it on every change.</summary>
/// <remarks>Uses only orchestration time, so it replays identically.</remarks>
internal sealed class StatusTracker
{
    /// <summary>The most timeline entries kept (the first one and the newest ones).</summary>
    internal const int MaxTimelineEntries = 32;

    private readonly TaskOrchestrationContext _context;
    private readonly string _destinationId;
    private readonly List<StageEntry> _timeline;

    public StatusTracker(TaskOrchestrationContext context, string destinationId, OnboardingStatus? previous)
    {
        _context = context;
        _destinationId = destinationId;
        _timeline = previous?.Timeline.ToList() ?? [];
        Endpoint = previous?.Endpoint;
        Probes = previous?.Probes;
        Preflight = previous?.Preflight;
        Endpoints = previous?.Endpoints;

        // A follow-up run (re-check, health check) that changes nothing keeps the stage it found.
        Stage = previous?.Stage ?? default;
        Detail = previous?.Detail;
        EnteredAtUtc = previous?.EnteredAtUtc ?? default;
    }

    public OnboardingStage Stage { get; private set; }

    public string? Detail { get; private set; }

    public DateTime EnteredAtUtc { get; private set; }

    public EndpointSummary? Endpoint { get; private set; }

    public IReadOnlyList<ProbeResult>? Probes { get; private set; }

    public PreflightReport? Preflight { get; private set; }

    public IReadOnlyList<DestinationEndpoint>? Endpoints { get; private set; }

    public OnboardingStatus Current => new(Stage, EnteredAtUtc, Detail, _timeline.ToArray(), Endpoint, Probes, Preflight, Endpoints);

    /// <summary>Gets who caused the current stage, if someone did.</summary>
    public Actor? Actor { get; private set; }

    public void Enter(OnboardingStage stage, string? detail = null, Actor? actor = null)
    {
        Stage = stage;
        Detail = detail;
        Actor = actor;
        EnteredAtUtc = _context.CurrentUtcDateTime;
        _timeline.Add(new StageEntry(stage, EnteredAtUtc, actor));
        if (_timeline.Count > MaxTimelineEntries)
        {
            _timeline.RemoveAt(1);
        }

        ILogger logger = _context.CreateReplaySafeLogger<StatusTracker>();
        Log.StageEntered(logger, _context.InstanceId, _destinationId, stage.ToString(), detail);
        if (actor is not null)
        {
            Log.StageCausedBy(logger, _context.InstanceId, _destinationId, stage.ToString(), actor.ObjectId, actor.AppId, actor.DisplayName);
        }

        Publish();
    }

    public void Update(EndpointSummary? endpoint = null, IReadOnlyList<ProbeResult>? probes = null, string? detail = null)
    {
        Endpoint = endpoint ?? Endpoint;
        Probes = probes ?? Probes;
        Detail = detail ?? Detail;
        Publish();
    }

    /// <summary>Records the destination's endpoints; the first one is also <see cref="Endpoint"/>, every probe is in <see cref="Probes"/>.</summary>
    public void UpdateEndpoints(IReadOnlyList<DestinationEndpoint> endpoints)
    {
        Endpoints = endpoints;
        Endpoint = endpoints.Count > 0 ? endpoints[0].Endpoint ?? Endpoint : Endpoint;
        if (endpoints.Any(e => e.Probes is not null))
        {
            Probes = endpoints.SelectMany(e => e.Probes ?? []).ToArray();
        }

        Publish();
    }

    public void UpdatePreflight(PreflightReport? preflight)
    {
        Preflight = preflight;
        Publish();
    }

    private void Publish() => _context.SetCustomStatus(Current);
}
