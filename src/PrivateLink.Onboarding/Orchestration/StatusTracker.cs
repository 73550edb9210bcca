using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

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

    private void Publish() => _context.SetCustomStatus(Current);
}
