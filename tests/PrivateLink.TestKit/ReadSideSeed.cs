using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.SupportMatrix;

namespace PrivateLink.TestKit;

/// <summary>
/// Onboarding instances made cheaply for read-side tests: each publishes the status document it is given as its custom status,
/// then either completes (a finished destination) or waits for an event that never comes (an onboarding waiting for approval).
/// </summary>
public static class ReadSideSeed
{
    /// <summary>The orchestrator that publishes its document and completes.</summary>
    public const string Finished = "SeedFinishedOnboarding";

    /// <summary>The orchestrator that publishes its document and waits.</summary>
    public const string Waiting = "SeedWaitingOnboarding";

    /// <summary>An orchestrator that publishes the document a re-check carries (one from before documents carried the request) and completes.</summary>
    public const string Legacy = "SeedLegacyOnboarding";

    public const string Target = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/lake1";

    /// <summary>Registers the seed orchestrators.</summary>
    public static void AddSeedOrchestrators(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddOrchestratorFunc<OnboardingStatus, OnboardingStatus>(Finished, (context, status) =>
        {
            context.SetCustomStatus(status);
            return status;
        });
        registry.AddOrchestratorFunc<OnboardingStatus, OnboardingStatus>(Waiting, async (context, status) =>
        {
            context.SetCustomStatus(status);
            await context.WaitForExternalEvent<string>("never");
            return status;
        });
        registry.AddOrchestratorFunc<RecheckInput, OnboardingStatus?>(Legacy, (context, input) =>
        {
            context.SetCustomStatus(input.Previous);
            return input.Previous;
        });
    }

    public static OnboardDestinationInput Request(string destinationId) => new(
        destinationId, DestinationType.AzureDataLakeStorage, Target, null, "lake1.dfs.core.windows.net",
        [new PortMapping(443, null)], true, null, TimeSpan.FromHours(1), null);

    /// <summary>A status document in a stage, carrying its request unless <paramref name="withRequest"/> is false.</summary>
    public static OnboardingStatus Document(string destinationId, OnboardingStage stage, bool withRequest = true) =>
        OnboardingStatus.Empty.Entering(stage, $"seeded {stage}", DateTime.UtcNow, null) with { Request = withRequest ? Request(destinationId) : null };

    /// <summary>Starts <paramref name="finished"/> finished (Ready) and <paramref name="waiting"/> waiting (AwaitingApproval) onboardings and waits until each has its document.</summary>
    public static async Task SeedAsync(DurableTaskClient client, int finished, int waiting, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await Task.WhenAll(
            Enumerable.Range(0, finished).Select(i => client.ScheduleNewOrchestrationInstanceAsync(
                Finished, Document(FinishedId(i), OnboardingStage.Ready), new StartOrchestrationOptions("onboard-" + FinishedId(i)), cancellationToken))
            .Concat(Enumerable.Range(0, waiting).Select(i => client.ScheduleNewOrchestrationInstanceAsync(
                Waiting, Document(WaitingId(i), OnboardingStage.AwaitingApproval), new StartOrchestrationOptions("onboard-" + WaitingId(i)), cancellationToken))));
        while (true)
        {
            int completed = 0, published = 0;
            await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "onboard-", PageSize = 100 }).WithCancellation(cancellationToken))
            {
                completed += instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 1 : 0;
                published += instance.RuntimeStatus == OrchestrationRuntimeStatus.Running && instance.SerializedCustomStatus is not null ? 1 : 0;
            }

            if (completed >= finished && published >= waiting)
            {
                return;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public static string FinishedId(int i) => $"done-{i:D5}";

    public static string WaitingId(int i) => $"wait-{i:D5}";
}
