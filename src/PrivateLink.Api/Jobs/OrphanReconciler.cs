using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Api.Jobs;

/// <summary>
/// Deletes private endpoints this service owns (by tag) that no onboarding needs: their destination's workflow ended in a stage
/// where the endpoint should be gone, or the destination has no instance at all; each only after <see cref="OrphanReconcilerOptions.GracePeriod"/>.
/// </summary>
/// <remarks>
/// An endpoint is never deleted while its destination's workflow runs (any orchestrator on <c>onboard-{destinationId}</c>), nor when
/// the workflow ended Ready or ConnectivityFailed (<see cref="OnboardingStageExtensions.HasApprovedEndpoint"/>), nor when a re-check of
/// an approved endpoint ended Failed (the failure is the check's, the approval stands). Right before a deletion the instance is read
/// again, so a destination submitted again since the listing keeps its endpoint. ARM reads per pass: the pages of one list call,
/// plus one task-hub read per owned endpoint and one more per deletion.
/// </remarks>
public sealed class OrphanReconciler(
    DurableTaskClient client,
    IPrivateEndpointClient arm,
    OrphanSightings sightings,
    IOptions<OrphanReconcilerOptions> options,
    IOptions<ArmOptions> armOptions,
    TimeProvider timeProvider,
    ILogger<OrphanReconciler> logger)
{
    /// <summary>The reason recorded for an endpoint whose destination has no instance (or whose tags name none).</summary>
    public const string UnknownDestination = "Unknown";

    /// <summary>Runs one pass.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>What the pass did.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed the list call; the next pass tries again.</exception>
    /// <exception cref="ArmRequestException">ARM refused the list call.</exception>
    public async Task<OrphanReconcilerPass> RunOnceAsync(CancellationToken cancellationToken)
    {
        // The whole list first: deleting between pages could shift ARM's paging.
        List<PrivateEndpointInfo> owned = [];
        await foreach (PrivateEndpointInfo endpoint in arm.ListOwnedPrivateEndpointsAsync(cancellationToken))
        {
            owned.Add(endpoint);
        }

        // Deletes go by name to the configured resource group: an owned endpoint listed elsewhere (a subscription-scope list) is never a
        // candidate, so a same-named endpoint in the configured group cannot be deleted in its place.
        string home = $"/subscriptions/{armOptions.Value.SubscriptionId}/resourceGroups/{armOptions.Value.ResourceGroup}/providers/Microsoft.Network/privateEndpoints/";
        DateTimeOffset now = timeProvider.GetUtcNow();
        TimeSpan grace = options.Value.GracePeriod;
        HashSet<string> stillOrphaned = new(StringComparer.OrdinalIgnoreCase);
        int orphans = 0, waiting = 0, deleted = 0, failed = 0;
        foreach (PrivateEndpointInfo endpoint in owned)
        {
            if (!string.Equals(endpoint.ResourceId, home + endpoint.Name, StringComparison.OrdinalIgnoreCase)
                || string.Equals(endpoint.ProvisioningState, "Deleting", StringComparison.OrdinalIgnoreCase))
            {
                continue; // outside the configured group, or a delete is already under way (the workflow's own cleanup, an earlier pass)
            }

            Orphan? orphan = await ClassifyAsync(endpoint, cancellationToken);
            if (orphan is null)
            {
                continue;
            }

            orphans++;
            DateTimeOffset firstSeen = sightings.Sight(endpoint.ResourceId, orphan.Fingerprint, now);
            if (now - firstSeen < grace)
            {
                waiting++;
                stillOrphaned.Add(endpoint.ResourceId);
                if (firstSeen == now)
                {
                    Log.OrphanSighted(logger, endpoint.Name, endpoint.DestinationId ?? "", orphan.Reason, firstSeen + grace);
                }

                continue;
            }

            // Read the instance again: a destination submitted again since the first read keeps its endpoint.
            Orphan? confirmed = await ClassifyAsync(endpoint, cancellationToken);
            if (confirmed?.Fingerprint != orphan.Fingerprint)
            {
                continue;
            }

            try
            {
                // One DELETE, not awaited to its end: a delete under way is skipped by the next pass (provisioningState Deleting).
                bool existed = await arm.BeginDeletePrivateEndpointAsync(endpoint.Name, cancellationToken) is not null;
                deleted++;
                OnboardingMetrics.RecordOrphanEndpointDeleted(orphan.Reason);
                Log.OrphanDeleted(logger, endpoint.Name, endpoint.DestinationId ?? "", orphan.Reason, firstSeen, existed);
            }
            catch (ArmRequestException ex)
            {
                failed++;
                stillOrphaned.Add(endpoint.ResourceId);
                Log.OrphanDeleteFailed(logger, endpoint.Name, endpoint.DestinationId ?? "", orphan.Reason, ex.Status, ex.ErrorCode ?? "", ex.Message);
            }
            catch (ArmTransientException ex)
            {
                failed++;
                stillOrphaned.Add(endpoint.ResourceId);
                Log.OrphanDeleteFailed(logger, endpoint.Name, endpoint.DestinationId ?? "", orphan.Reason, ex.Status, ex.ErrorCode ?? "", ex.Message);
            }
        }

        sightings.RetainOnly(stillOrphaned);
        var pass = new OrphanReconcilerPass(owned.Count, orphans, waiting, deleted, failed);
        Log.OrphanReconcilerPass(logger, pass.OwnedEndpoints, pass.Orphans, pass.WithinGracePeriod, pass.Deleted, pass.DeleteFailed);
        return pass;
    }

    private async Task<Orphan?> ClassifyAsync(PrivateEndpointInfo endpoint, CancellationToken cancellationToken)
    {
        if (endpoint.DestinationId is not { Length: > 0 } destinationId)
        {
            return new Orphan(UnknownDestination, "untagged");
        }

        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        if (metadata is null)
        {
            return new Orphan(UnknownDestination, "no-instance");
        }

        if (metadata.RuntimeStatus is not (OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated))
        {
            return null; // running, pending or suspended: the workflow owns its endpoint
        }

        OnboardingStage stage = TaskHubOnboardingQueries.StageOf(metadata);
        if (!stage.IsTerminal() || stage.HasApprovedEndpoint()
            || (stage == OnboardingStage.Failed && metadata.Name == nameof(RecheckDestinationOrchestrator)))
        {
            return null;
        }

        return new Orphan(stage.ToString(), $"{metadata.Name}|{metadata.CreatedAt:O}|{stage}");
    }

    private sealed record Orphan(string Reason, string Fingerprint);
}
