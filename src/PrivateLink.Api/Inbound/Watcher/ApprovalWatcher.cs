using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Api.Inbound.Watcher;

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
/// <para>
/// Task-hub reads follow what waits or changed, not the task hub's history: an ordinary pass queries only the onboardings that
/// are not finished (without inputs, 100 per query) and reads by id only the Ready or Degraded destinations whose listed
/// connection turned Rejected or Disconnected, or whose endpoint vanished, since the pass before (<see cref="HealthWatchMemory"/>).
/// The first pass of a process and then one every <see cref="HealthWatchOptions.SweepInterval"/> sweep every onboarding instead
/// (without inputs): that is when due re-probes start and endpoints missing since before the process started are found.
/// </para>
/// </remarks>
public sealed class ApprovalWatcher(
    OnboardingService service,
    IPrivateEndpointClient arm,
    ILogger<ApprovalWatcher> logger,
    IOptions<HealthWatchOptions>? healthOptions = null,
    TimeProvider? timeProvider = null,
    HealthWatchMemory? memory = null,
    IOptions<ApprovalWatcherOptions>? watcherOptions = null)
{
    private readonly int concurrency = (watcherOptions?.Value ?? new ApprovalWatcherOptions()).Concurrency;

    private readonly HealthWatchOptions health = healthOptions?.Value ?? new HealthWatchOptions();
    private readonly TimeProvider clock = timeProvider ?? TimeProvider.System;

    // Without the process's memory (a watcher built by hand) every pass is a first pass: it sweeps.
    private readonly HealthWatchMemory lastPass = memory ?? new HealthWatchMemory();

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

        DateTimeOffset now = clock.GetUtcNow();
        bool sweep = health.Enabled && lastPass.SweepDue(now, health.EffectiveSweepInterval);
        var tally = new Tally(now.UtcDateTime);

        // Destinations whose change this pass could not act on (a workflow runs on them): the next pass looks at them again.
        var unsettled = new HashSet<string>(StringComparer.Ordinal);
        int queries = 0, listed = 0, changedRead = 0;
        string? continuation = null;
        do
        {
            // A sweep reads every onboarding; an ordinary pass only those that may wait for approval (not finished).
            OnboardingPage page = await service.ListAsync(sweep ? null : OnboardingStage.AwaitingApproval, continuation, OnboardingService.MaxPageSize, cancellationToken);
            queries++;
            listed += page.Items.Count;
            // Each notice or health check is a task-hub read and write of its own: a page's are sent side by side, so a pass that
            // finds many approvals at once does not take one storage round trip per onboarding.
            await Parallel.ForEachAsync(page.Items, new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (view, token) =>
            {
                if (health.Enabled && view.Stage.IsWatchedForHealth())
                {
                    ConnectionStatus? state = states.TryGetValue(view.DestinationId, out ConnectionStatus s) ? s : null;
                    if (!await CheckHealthAsync(view, state, includeReprobe: true, tally, token))
                    {
                        lock (unsettled)
                        {
                            unsettled.Add(view.DestinationId);
                        }
                    }

                    return;
                }

                await NotifyIfDecidedAsync(view, states, tally, token);
            });

            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        if (health.Enabled && !sweep)
        {
            foreach (string destinationId in ChangedSinceLastPass(lastPass.LastSeen(), states))
            {
                changedRead++;
                OnboardingView? view = await service.GetAsync(destinationId, cancellationToken);
                if (view is not null && view.Stage.IsWatchedForHealth()
                    && !await CheckHealthAsync(view, states.TryGetValue(destinationId, out ConnectionStatus s) ? s : null, includeReprobe: false, tally, cancellationToken))
                {
                    unsettled.Add(destinationId);
                }
            }
        }

        lastPass.Remember(NextSeen(states, unsettled), sweep ? now : null);
        OnboardingMetrics.RecordApprovalsWaiting(tally.Waiting, tally.PassStartedUtc - tally.OldestWaitingSince);
        var pass = new ApprovalWatcherPass(owned, tally.Waiting, tally.Raised, tally.Disconnected, tally.Missing, tally.Reprobed, sweep, changedRead);
        Log.WatcherPass(logger, pass.OwnedEndpoints, pass.WaitingOnboardings, pass.EventsRaised, pass.ReadyDisconnected);
        if (sweep)
        {
            Log.WatcherHealthSweep(logger, listed, queries);
        }
        else
        {
            Log.WatcherOrdinaryPass(logger, tally.Waiting, queries, changedRead);
        }

        if (tally.Missing + tally.Reprobed > 0)
        {
            WatcherLog.HealthChecksStarted(logger, tally.Disconnected, tally.Missing, tally.Reprobed);
        }

        return pass;
    }

    // Destinations whose combined connection turned Rejected or Disconnected, or whose endpoints all vanished, since the last pass.
    private static IEnumerable<string> ChangedSinceLastPass(IReadOnlyDictionary<string, ConnectionStatus> before, Dictionary<string, ConnectionStatus> now)
    {
        foreach ((string destinationId, ConnectionStatus was) in before)
        {
            if (!now.TryGetValue(destinationId, out ConnectionStatus state) || (IsRefused(state) && !IsRefused(was)))
            {
                yield return destinationId;
            }
        }

        foreach ((string destinationId, ConnectionStatus state) in now)
        {
            if (IsRefused(state) && !before.ContainsKey(destinationId))
            {
                yield return destinationId;
            }
        }
    }

    // What the next pass compares with: this pass's list, except that an unsettled destination still looks changed next time.
    private static Dictionary<string, ConnectionStatus> NextSeen(Dictionary<string, ConnectionStatus> states, HashSet<string> unsettled)
    {
        var next = new Dictionary<string, ConnectionStatus>(states, StringComparer.Ordinal);
        foreach (string destinationId in unsettled)
        {
            if (!next.TryGetValue(destinationId, out ConnectionStatus state))
            {
                next[destinationId] = ConnectionStatus.Approved; // listed before, gone now: vanished again next pass
            }
            else if (IsRefused(state))
            {
                next.Remove(destinationId); // not seen before, refused now: turned refused again next pass
            }
        }

        return next;
    }

    private static bool IsRefused(ConnectionStatus status) => status is ConnectionStatus.Rejected or ConnectionStatus.Disconnected;

    // Starts the health check a Ready or Degraded destination needs; false when one is needed but a workflow runs on it now.
    private async Task<bool> CheckHealthAsync(OnboardingView view, ConnectionStatus? listed, bool includeReprobe, Tally tally, CancellationToken cancellationToken)
    {
        // Ready and Degraded destinations: the list says whether the endpoint still stands; a re-probe is due on an interval.
        HealthReason? reason = HealthReasonFor(view, listed);
        if (reason is null || (reason == HealthReason.Reprobe && !includeReprobe))
        {
            return true;
        }

        if (view.RuntimeStatus != nameof(OrchestrationRuntimeStatus.Completed))
        {
            return reason == HealthReason.Reprobe; // a re-check or health check runs: a refused or missing endpoint is looked at again next pass
        }

        CommandResult result = await service.CheckHealthAsync(view.DestinationId, Security.CallerActor.Watcher, cancellationToken);
        if (result.Outcome != CommandOutcome.Accepted)
        {
            return reason == HealthReason.Reprobe || result.Outcome == CommandOutcome.NotFound;
        }

        lock (tally)
        {
            tally.Started(reason.Value);
        }

        if (reason == HealthReason.Refused)
        {
            Log.ReadyDestinationDisconnected(logger, view.DestinationId, listed?.ToString() ?? "not listed");
        }
        else if (reason == HealthReason.Missing)
        {
            WatcherLog.EndpointNotListed(logger, view.DestinationId, view.Stage.ToString());
        }

        return true;
    }

    private async Task NotifyIfDecidedAsync(OnboardingView view, Dictionary<string, ConnectionStatus> states, Tally tally, CancellationToken cancellationToken)
    {
        if (view.Stage != OnboardingStage.AwaitingApproval || !states.TryGetValue(view.DestinationId, out ConnectionStatus status))
        {
            return;
        }

        lock (tally)
        {
            tally.Waiting++;
            tally.OldestWaitingSince = view.EnteredAtUtc < tally.OldestWaitingSince ? view.EnteredAtUtc.Value : tally.OldestWaitingSince;
        }

        if (status != ConnectionStatus.Pending)
        {
            CommandResult notified = await service.NotifyApprovalAsync(view.DestinationId, "approval-watcher", status.ToString(), Security.CallerActor.Watcher, cancellationToken);
            if (notified.Outcome == CommandOutcome.Accepted)
            {
                lock (tally)
                {
                    tally.Raised++;
                }
            }
        }
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

    private sealed class Tally(DateTime passStartedUtc)
    {
        public DateTime PassStartedUtc { get; } = passStartedUtc;

        public DateTime OldestWaitingSince { get; set; } = passStartedUtc;

        public int Waiting { get; set; }

        public int Raised { get; set; }

        public int Disconnected { get; set; }

        public int Missing { get; set; }

        public int Reprobed { get; set; }

        public void Started(HealthReason reason)
        {
            switch (reason)
            {
                case HealthReason.Refused:
                    Disconnected++;
                    break;
                case HealthReason.Missing:
                    Missing++;
                    break;
                default:
                    Reprobed++;
                    break;
            }
        }
    }
}
