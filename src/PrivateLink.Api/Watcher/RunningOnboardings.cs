using System.Runtime.CompilerServices;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Api.Watcher;

/// <summary>The onboarding workflows still running, read with one task-hub query by runtime status and without their inputs.</summary>
/// <remarks>
/// What a watcher pass needs to read grows with the onboardings in flight, not with every instance the task hub has held: the
/// finished ones are never read (a destination whose finished onboarding needs attention is read on its own, by id). The stage comes
/// from the custom status, which the query returns without inputs and outputs; it is read with the converter both hosts use.
/// </remarks>
internal static class RunningOnboardings
{
    private static readonly IReadOnlyList<OrchestrationRuntimeStatus> Statuses =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    /// <summary>Lists the running onboarding workflows (not re-checks or offboards) with their current stage.</summary>
    /// <param name="client">The task hub.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Each destination id with its stage (<see cref="OnboardingStage.Submitted"/> before the workflow set one).</returns>
    public static async IAsyncEnumerable<(string DestinationId, OnboardingStage Stage)> ListAsync(
        DurableTaskClient client, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = OnboardingService.InstancePrefix,
            Statuses = Statuses,
            FetchInputsAndOutputs = false,
            PageSize = 1000,
        };
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name != nameof(OnboardDestinationOrchestrator))
            {
                continue;
            }

            OnboardingStatus? status = string.IsNullOrEmpty(instance.SerializedCustomStatus)
                ? null
                : OnboardingDataConverter.Instance.Deserialize<OnboardingStatus>(instance.SerializedCustomStatus);
            yield return (instance.InstanceId[OnboardingService.InstancePrefix.Length..], status?.Stage ?? OnboardingStage.Submitted);
        }
    }
}
