using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>Answers the queries from the task hub itself: each onboarding's instance, its input and its status document.</summary>
/// <param name="client">The task hub client.</param>
public sealed class TaskHubOnboardingQueries(DurableTaskClient client) : IOnboardingQueries
{
    /// <inheritdoc/>
    public async Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? metadata = await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(destinationId), getInputsAndOutputs: true, cancellationToken);
        return metadata is null ? null : ToView(metadata);
    }

    /// <inheritdoc/>
    public async Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, OnboardingService.MaxPageSize);
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = OnboardingService.InstancePrefix,
            PageSize = pageSize,
            ContinuationToken = continuationToken,
            FetchInputsAndOutputs = true,
        };
        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            List<OnboardingView> items = page.Values.Select(ToView).Where(v => stage is null || v.Stage == stage).ToList();
            return new OnboardingPage(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new OnboardingPage([], null);
    }

    /// <summary>Builds the API view of an onboarding instance: a projection of its status document.</summary>
    /// <param name="metadata">The instance, read with inputs and outputs.</param>
    /// <returns>The view.</returns>
    public static OnboardingView ToView(OrchestrationMetadata metadata)
    {
        string destinationId = metadata.InstanceId.StartsWith(OnboardingService.InstancePrefix, StringComparison.Ordinal)
            ? metadata.InstanceId[OnboardingService.InstancePrefix.Length..]
            : metadata.InstanceId;
        string? error = metadata.FailureDetails?.ErrorMessage;
        if (metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated)
        {
            error ??= "The workflow was terminated by an operator.";
        }

        return OnboardingView.From(
            destinationId,
            StageOf(metadata),
            metadata.RuntimeStatus.ToString(),
            StatusOf(metadata),
            RequestOf(metadata),
            metadata.CreatedAt.UtcDateTime,
            metadata.LastUpdatedAt.UtcDateTime,
            error);
    }

    /// <summary>Reads the status document an instance published, if any.</summary>
    /// <param name="metadata">The instance.</param>
    /// <returns>The document, or null before the workflow published one.</returns>
    public static OnboardingStatus? StatusOf(OrchestrationMetadata metadata) =>
        metadata.SerializedCustomStatus is null ? null : metadata.ReadCustomStatusAs<OnboardingStatus>();

    /// <summary>Reads where an instance stands: its document's stage, or Failed when an operator terminated it.</summary>
    /// <param name="metadata">The instance.</param>
    /// <returns>The stage.</returns>
    public static OnboardingStage StageOf(OrchestrationMetadata metadata) =>
        metadata.RuntimeStatus == OrchestrationRuntimeStatus.Terminated ? OnboardingStage.Failed : StatusOf(metadata)?.Stage ?? OnboardingStage.Submitted;

    /// <summary>Reads the validated request an instance runs (the onboarding's input, or the request inside a re-check's or offboarding's input).</summary>
    /// <param name="metadata">The instance, read with inputs.</param>
    /// <returns>The request, or null when the input is unreadable.</returns>
    public static OnboardDestinationInput? RequestOf(OrchestrationMetadata metadata) =>
        metadata.SerializedInput is null
            ? null
            : metadata.Name == nameof(OnboardDestinationOrchestrator)
                ? metadata.ReadInputAs<OnboardDestinationInput>()
                : metadata.ReadInputAs<RecheckInput>()?.Request;
}
