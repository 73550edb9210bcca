using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Jobs;

/// <summary>
/// Purges the task hub instances of onboardings that finished (Completed, Failed, Terminated) longer than
/// <see cref="RetentionOptions.FinishedAfter"/> ago, after writing each destination's last view to the <see cref="IDestinationRecordStore"/>.
/// </summary>
/// <remarks>
/// <para>
/// One instance per destination (<c>onboard-{destinationId}</c>): a re-check, health check, offboarding or resubmission starts a new run
/// on the same id and the backend replaces the earlier run's history, so the instance always is the destination's latest run and a
/// purge removes all of the destination's history at once.
/// </para>
/// <para>
/// Only destinations whose endpoint is gone are purged. One that still holds an endpoint (Ready, Degraded, ConnectivityFailed:
/// <see cref="OnboardingStageExtensions.HasApprovedEndpoint"/>, or a re-check, health check or offboarding of one that failed) is
/// kept: the approval watcher health-checks Ready and Degraded destinations from the task hub's list, re-check and offboard need the
/// instance's request, and the orphan reconciler deletes an owned endpoint whose destination has no instance.
/// </para>
/// <para>
/// Each candidate is read again right before it is purged, so an instance that changed since the list (a resubmission started a
/// new run) is left alone. A record that cannot be written means no purge for that instance (nothing is lost); the next pass tries again.
/// Task-hub reads per pass: the pages of one query (finished, created before the age), plus one read per candidate.
/// </para>
/// </remarks>
/// <param name="client">The task hub client.</param>
/// <param name="records">Where destination records are written.</param>
/// <param name="options">The retention options.</param>
/// <param name="timeProvider">The clock the age is measured on.</param>
/// <param name="logger">The logger.</param>
public sealed class HistoryRetention(
    DurableTaskClient client,
    IDestinationRecordStore records,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<HistoryRetention> logger)
{
    private static readonly OrchestrationRuntimeStatus[] FinishedStatuses =
        [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, OrchestrationRuntimeStatus.Terminated];

    /// <summary>Tells whether a finished instance's destination still holds a private endpoint, so that it is kept.</summary>
    /// <param name="metadata">The finished instance; its status document (custom status) is enough, inputs are not needed.</param>
    /// <returns>True when the destination keeps an endpoint.</returns>
    public static bool HoldsEndpoint(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(metadata);

        // A re-check, health check or offboarding that failed ran on a destination with an endpoint; its approval stands.
        return stage.HasApprovedEndpoint() || stage.IsWatchedForHealth() || !stage.IsTerminal()
            || (stage == OnboardingStage.Failed && metadata.Name != nameof(OnboardDestinationOrchestrator));
    }

    /// <summary>Runs one pass.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>What the pass did.</returns>
    public async Task<RetentionPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        TimeSpan age = options.Value.FinishedAfter;
        DateTimeOffset cutoff = timeProvider.GetUtcNow() - age;

        // An instance last updated before the cutoff was created before it too: the backend narrows the query by creation time.
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = OnboardingService.InstancePrefix,
            Statuses = FinishedStatuses,
            CreatedTo = cutoff,

            // The stage is in the status document, which a query without inputs returns; the instance is read whole before its purge.
            FetchInputsAndOutputs = false,
            PageSize = OnboardingService.MaxPageSize,
        };

        // The whole list first: purging between pages could shift the backend's paging.
        List<OrchestrationMetadata> finished = [];
        await foreach (OrchestrationMetadata metadata in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (metadata.LastUpdatedAt < cutoff)
            {
                finished.Add(metadata);
            }
        }

        int kept = 0, purged = 0, failed = 0;
        foreach (OrchestrationMetadata listed in finished)
        {
            if (HoldsEndpoint(listed))
            {
                kept++;
                continue;
            }

            switch (await PurgeAsync(listed, cancellationToken))
            {
                case true:
                    purged++;
                    break;
                case false:
                    failed++;
                    break;
                default:
                    break;
            }
        }

        var pass = new RetentionPass(finished.Count, kept, purged, failed);
        Log.RetentionPass(logger, pass.Finished, age, pass.Kept, pass.Purged, pass.Failed);
        return pass;
    }

    // True: purged; false: failed (logged); null: changed since the list, left alone.
    private async Task<bool?> PurgeAsync(OrchestrationMetadata listed, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? current = await client.GetInstanceAsync(listed.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (current is null)
        {
            return null;
        }

        OnboardingView view = TaskHubOnboardingQueries.ToView(current);
        if (current.RuntimeStatus != listed.RuntimeStatus || current.LastUpdatedAt != listed.LastUpdatedAt || current.CreatedAt != listed.CreatedAt)
        {
            Log.RetentionChanged(logger, current.InstanceId, view.DestinationId, current.RuntimeStatus.ToString());
            return null;
        }

        try
        {
            await records.SaveAsync(view, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RetentionRecordFailed(logger, view.DestinationId, current.InstanceId, ex.GetType().Name, ex.Message);
            return false;
        }

        try
        {
            await client.PurgeInstanceAsync(current.InstanceId, cancellation: cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The record is written and GET answers from the live instance until a later pass purges it.
            Log.RetentionPurgeFailed(logger, current.InstanceId, view.DestinationId, ex.GetType().Name, ex.Message);
            return false;
        }

        Log.RetentionPurged(logger, current.InstanceId, view.DestinationId, view.Stage.ToString(), current.LastUpdatedAt);
        return true;
    }
}
