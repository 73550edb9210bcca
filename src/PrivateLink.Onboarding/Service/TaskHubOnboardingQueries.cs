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
    /// <remarks>
    /// One query of at most <paramref name="pageSize"/> instances, without their inputs: the view's request comes from the status
    /// document. With a stage filter the query asks only for the runtime statuses an instance in that stage can have
    /// (<see cref="OnboardingStageExtensions.RuntimeStatuses"/>), and the page is then filtered by the document's stage.
    /// </remarks>
    public async Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, OnboardingService.MaxPageSize);
        var query = new OrchestrationQuery
        {
            InstanceIdPrefix = OnboardingService.InstancePrefix,
            Statuses = stage?.RuntimeStatuses(),
            PageSize = pageSize,
            ContinuationToken = continuationToken,
            FetchInputsAndOutputs = false,
        };
        await foreach (Page<OrchestrationMetadata> page in client.GetAllInstancesAsync(query).AsPages(continuationToken, pageSize).WithCancellation(cancellationToken))
        {
            List<OnboardingView> items = page.Values.Select(m => ToView(m, readInput: false)).Where(v => stage is null || v.Stage == stage).ToList();
            return new OnboardingPage(items, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
        }

        return new OnboardingPage([], null);
    }

    /// <summary>Builds the API view of an onboarding instance: a projection of its status document.</summary>
    /// <param name="metadata">The instance, read with inputs and outputs.</param>
    /// <returns>The view; its document is read as <see cref="StatusOf"/> reads it, its request as <see cref="RequestOf"/> does.</returns>
    public static OnboardingView ToView(OrchestrationMetadata metadata) => ToView(metadata, readInput: true);

    /// <summary>
    /// Reads an instance's status document, if any: whole from the output of a run that completed, when the instance was read with
    /// outputs; otherwise its custom status (a query without outputs returns it too), which <see cref="OnboardingStatus.ForCustomStatus"/>
    /// may have compacted to fit the task hub.
    /// </summary>
    /// <param name="metadata">The instance.</param>
    /// <returns>The document, or null before the workflow published one.</returns>
    public static OnboardingStatus? StatusOf(OrchestrationMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        DataConverter converter = metadata.DataConverter ?? OnboardingDataConverter.Instance;
        string? serialized = metadata.RuntimeStatus == OrchestrationRuntimeStatus.Completed && metadata.SerializedOutput is { } output
            ? output
            : metadata.SerializedCustomStatus;
        return serialized is null ? null : converter.Deserialize<OnboardingStatus>(serialized);
    }

    /// <summary>Reads where an instance stands: its document's stage, or Failed when an operator terminated it or it stopped before an end stage.</summary>
    /// <param name="metadata">The instance.</param>
    /// <returns>The stage.</returns>
    public static OnboardingStage StageOf(OrchestrationMetadata metadata) => StageOf(metadata, StatusOf(metadata));

    /// <summary>
    /// Reads the validated request an instance runs: its input's (the onboarding's, or the request inside a re-check's or offboarding's
    /// input) when the instance was read with inputs, else its status document's (the same request, whose CA bundle a compacted custom
    /// status may lack).
    /// </summary>
    /// <param name="metadata">The instance.</param>
    /// <returns>The request, or null when neither holds a readable one.</returns>
    public static OnboardDestinationInput? RequestOf(OrchestrationMetadata metadata) => InputRequestOf(metadata) ?? StatusOf(metadata)?.Request;

    private static OnboardingStage StageOf(OrchestrationMetadata metadata, OnboardingStatus? status) =>
        OnboardingStageExtensions.StageOf(metadata.RuntimeStatus, status?.Stage ?? OnboardingStage.Submitted);

    private static OnboardingView ToView(OrchestrationMetadata metadata, bool readInput)
    {
        OnboardingStatus? status = StatusOf(metadata);
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
            StageOf(metadata, status),
            metadata.RuntimeStatus.ToString(),
            status,
            (readInput ? InputRequestOf(metadata) : null) ?? status?.Request,
            metadata.CreatedAt.UtcDateTime,
            metadata.LastUpdatedAt.UtcDateTime,
            error);
    }

    // The request the run was started with (read only when inputs were asked for).
    private static OnboardDestinationInput? InputRequestOf(OrchestrationMetadata metadata) =>
        metadata.SerializedInput is null || metadata.DataConverter is null
            ? null
            : metadata.Name == nameof(OnboardDestinationOrchestrator)
                ? metadata.ReadInputAs<OnboardDestinationInput>()
                : metadata.ReadInputAs<RecheckInput>()?.Request;
}
