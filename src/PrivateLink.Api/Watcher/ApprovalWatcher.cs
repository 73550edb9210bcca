using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Api.Watcher;

/// <summary>
/// Notices approvals nobody reported: lists every endpoint this service owns from ARM once per pass and raises
/// an approval notice (through <see cref="OnboardingService"/>, like every intake) for each waiting onboarding whose connection is no longer Pending;
/// and starts a health check (<see cref="HealthCheckDestinationOrchestrator"/>) of each Ready or Degraded destination whose connection
/// was rejected or removed, whose endpoint is no longer listed, or whose re-probe is due (<see cref="HealthWatchOptions"/>).
/// </summary>
/// <remarks>
/// ARM reads per pass are the pages of one list call, whatever the number of waiting onboardings and Ready destinations; each
/// health check it starts then reads only its own destination's endpoints. The workflow still reads its own endpoint before
/// believing the event.
/// </remarks>
public sealed class ApprovalWatcher(
    OnboardingService service, IPrivateEndpointClient arm, ILogger<ApprovalWatcher> logger, IOptions<HealthWatchOptions>? healthOptions = null, TimeProvider? timeProvider = null)
{
    private readonly HealthWatchOptions health = healthOptions?.Value ?? new HealthWatchOptions();
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    private enum HealthReason
    {
        Refused,
        Missing,
        Reprobe,
    }

    /// <summary>Runs one pass.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>What the pass did.</returns>
    /// <exception cref="ArmTransientException">ARM throttled the list call; the next pass tries again.</exception>
    public async Task<ApprovalWatcherPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        var states = new Dictionary<string, ConnectionStatus>(StringComparer.Ordinal);
        int owned = 0;
        await foreach (PrivateEndpointInfo endpoint in arm.ListOwnedPrivateEndpointsAsync(cancellationToken))
        {
            owned++;
            if (endpoint.DestinationId is { } destinationId)
            {
                // A destination may have several endpoints (ADLS Gen2: blob and dfs): it is decided once all are, or as soon as one is refused.
                states[destinationId] = states.TryGetValue(destinationId, out ConnectionStatus seen) ? Combine(seen, endpoint.ConnectionStatus) : endpoint.ConnectionStatus;
            }
        }

        int waiting = 0, raised = 0, disconnected = 0, missing = 0, reprobed = 0;
        DateTime passStartedUtc = clock.GetUtcNow().UtcDateTime, oldestWaitingSince = passStartedUtc;
        string? continuation = null;
        do
        {
            OnboardingPage page = await service.ListAsync(null, continuation, OnboardingService.MaxPageSize, cancellationToken);
            foreach (OnboardingView view in page.Items)
            {
                if (health.Enabled && view.Stage.IsWatchedForHealth() && view.RuntimeStatus == nameof(OrchestrationRuntimeStatus.Completed))
                {
                    // Ready and Degraded destinations: the list above says whether the endpoint still stands; a re-probe is due on an interval.
                    HealthReason? reason = HealthReasonFor(view, states.TryGetValue(view.DestinationId, out ConnectionStatus seen) ? seen : null);
                    if (reason is not null
                        && (await service.CheckHealthAsync(view.DestinationId, Security.CallerActor.Watcher, cancellationToken)).Outcome == CommandOutcome.Accepted)
                    {
                        if (reason == HealthReason.Refused)
                        {
                            disconnected++;
                            Log.ReadyDestinationDisconnected(logger, view.DestinationId, seen.ToString());
                        }
                        else if (reason == HealthReason.Missing)
                        {
                            missing++;
                            WatcherLog.EndpointNotListed(logger, view.DestinationId, view.Stage.ToString());
                        }
                        else
                        {
                            reprobed++;
                        }
                    }

                    continue;
                }

                if (!states.TryGetValue(view.DestinationId, out ConnectionStatus status))
                {
                    continue;
                }

                if (view.Stage == OnboardingStage.AwaitingApproval)
                {
                    waiting++;
                    oldestWaitingSince = view.EnteredAtUtc < oldestWaitingSince ? view.EnteredAtUtc.Value : oldestWaitingSince;
                    if (status != ConnectionStatus.Pending)
                    {
                        CommandResult notified = await service.NotifyApprovalAsync(view.DestinationId, "approval-watcher", status.ToString(), Security.CallerActor.Watcher, cancellationToken);
                        if (notified.Outcome == CommandOutcome.Accepted)
                        {
                            raised++;
                        }
                    }
                }
            }

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        OnboardingMetrics.RecordApprovalsWaiting(waiting, passStartedUtc - oldestWaitingSince);
        var pass = new ApprovalWatcherPass(owned, waiting, raised, disconnected, missing, reprobed);
        Log.WatcherPass(logger, pass.OwnedEndpoints, pass.WaitingOnboardings, pass.EventsRaised, pass.ReadyDisconnected);
        if (missing + reprobed > 0)
        {
            WatcherLog.HealthChecksStarted(logger, disconnected, missing, reprobed);
        }

        return pass;
    }

    /// <summary>Why a Ready or Degraded destination needs a health check now, or null.</summary>
    /// <remarks>
    /// "Not listed" is only a hint (ARM lists are eventually consistent): the health check reads each endpoint by name before it
    /// decides. The re-probe interval counts from the workflow's last change, which a health check that changes nothing also moves.
    /// </remarks>
    private HealthReason? HealthReasonFor(OnboardingView view, ConnectionStatus? listed)
    {
        TimeSpan interval = view.Stage == OnboardingStage.Degraded ? health.DegradedReprobeInterval : health.ReprobeInterval;
        return listed is ConnectionStatus.Rejected or ConnectionStatus.Disconnected ? HealthReason.Refused
            : listed is null ? HealthReason.Missing
            : clock.GetUtcNow().UtcDateTime - view.LastUpdatedAtUtc >= interval ? HealthReason.Reprobe
            : null;
    }

    private static ConnectionStatus Combine(ConnectionStatus a, ConnectionStatus b) =>
        a is ConnectionStatus.Rejected or ConnectionStatus.Disconnected ? a
        : b is ConnectionStatus.Rejected or ConnectionStatus.Disconnected ? b
        : a == ConnectionStatus.Pending || b == ConnectionStatus.Pending ? ConnectionStatus.Pending
        : ConnectionStatus.Approved;
}
