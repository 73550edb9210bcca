using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Watcher;

/// <summary>
/// Notices approvals nobody reported: lists every endpoint this service owns from ARM once per pass and raises
/// <see cref="WorkflowEvents.ConnectionStateChanged"/> for each waiting onboarding whose connection is no longer Pending;
/// re-checks Ready destinations whose connection was rejected or removed.
/// </summary>
/// <remarks>
/// ARM reads per pass are the pages of one list call, whatever the number of waiting onboardings; the workflow still reads its own
/// endpoint before believing the event. Task-hub reads per pass are one query for the running workflows (a page per 1,000) and one
/// read per finished destination whose connection ARM shows refused; finished onboardings are otherwise never read.
/// </remarks>
public sealed class ApprovalWatcher(DurableTaskClient client, IPrivateEndpointClient arm, ILogger<ApprovalWatcher> logger)
{
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
                states[destinationId] = states.TryGetValue(destinationId, out ConnectionStatus seen) ? Combine(seen, endpoint.Connection.Status) : endpoint.Connection.Status;
            }
        }

        var service = new OnboardingService(client);
        int waiting = 0, raised = 0, disconnected = 0;
        var running = new HashSet<string>(StringComparer.Ordinal);
        await foreach ((string destinationId, OnboardingStage stage) in RunningOnboardings.ListAsync(client, cancellationToken))
        {
            running.Add(destinationId);
            if (stage != OnboardingStage.AwaitingApproval || !states.TryGetValue(destinationId, out ConnectionStatus status))
            {
                continue;
            }

            waiting++;
            if (status != ConnectionStatus.Pending)
            {
                await client.RaiseEventAsync(
                    OnboardingService.InstancePrefix + destinationId,
                    WorkflowEvents.ConnectionStateChanged,
                    new ConnectionStateChangedEvent("approval-watcher", status.ToString(), Security.CallerActor.Watcher),
                    cancellationToken);
                raised++;
            }
        }

        // A finished onboarding matters only when ARM shows its connection refused: those few are read by id.
        foreach ((string destinationId, ConnectionStatus status) in states)
        {
            if (status is not (ConnectionStatus.Rejected or ConnectionStatus.Disconnected) || running.Contains(destinationId))
            {
                continue;
            }

            OnboardingView? view = await service.GetAsync(destinationId, cancellationToken);
            if (view?.Stage == OnboardingStage.Ready)
            {
                CommandResult recheck = await service.RecheckAsync(destinationId, Security.CallerActor.Watcher, cancellationToken);
                if (recheck.Outcome == CommandOutcome.Accepted)
                {
                    disconnected++;
                    Log.ReadyDestinationDisconnected(logger, destinationId, status.ToString());
                }
            }
        }

        var pass = new ApprovalWatcherPass(owned, waiting, raised, disconnected);
        Log.WatcherPass(logger, pass.OwnedEndpoints, pass.WaitingOnboardings, pass.EventsRaised, pass.ReadyDisconnected);
        return pass;
    }

    private static ConnectionStatus Combine(ConnectionStatus a, ConnectionStatus b) =>
        a is ConnectionStatus.Rejected or ConnectionStatus.Disconnected ? a
        : b is ConnectionStatus.Rejected or ConnectionStatus.Disconnected ? b
        : a == ConnectionStatus.Pending || b == ConnectionStatus.Pending ? ConnectionStatus.Pending
        : ConnectionStatus.Approved;
}
