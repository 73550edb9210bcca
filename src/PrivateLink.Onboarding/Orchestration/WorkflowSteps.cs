using Microsoft.DurableTask;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Steps shared by the onboarding, re-check and offboarding orchestrators.</summary>
internal static class WorkflowSteps
{
    /// <summary>Enters a terminal stage, publishes the destination event, and returns the final status document (the workflow's output).</summary>
    /// <remarks>A notification that fails even after retries is recorded in the status detail; it does not change the outcome.</remarks>
    public static async Task<OnboardingStatus> FinishAsync(
        TaskOrchestrationContext context, StatusTracker status, OnboardDestinationInput input, OnboardingStage stage, string? detail, Actor? actor = null)
    {
        status.Enter(stage, detail, actor);
        string? notificationFailure = await PublishAsync(context, status, input);
        if (notificationFailure is not null)
        {
            status.UpdateDetail($"{detail} (notification failed: {notificationFailure})");
        }

        return status.Current;
    }

    /// <summary>Publishes the current stage as a destination event.</summary>
    /// <returns>Null when delivered; otherwise why delivery failed.</returns>
    public static async Task<string?> PublishAsync(TaskOrchestrationContext context, StatusTracker status, OnboardDestinationInput input)
    {
        var destinationEvent = DestinationEvent.From(input, status.Current);
        try
        {
            await context.CallActivityAsync<int>(nameof(PublishDestinationEventActivity), destinationEvent, RetryPolicies.Notify);
            return null;
        }
        catch (TaskFailedException ex)
        {
            return ex.FailureDetails.ErrorMessage;
        }
    }

    /// <summary>Deletes a destination's endpoints one after another (each DELETE polled on durable timers and re-sent after a 409), so none leaks.</summary>
    /// <returns>Null when all are deleted (or already gone); otherwise why not.</returns>
    public static async Task<string?> DeleteEndpointsAsync(TaskOrchestrationContext context, IReadOnlyList<DestinationEndpoint> endpoints, WorkflowLimits limits)
    {
        List<string> failures = [];
        foreach (DestinationEndpoint endpoint in endpoints)
        {
            // The service's own A records first: nothing else removes them (a zone group's records go with its endpoint).
            if (await PrivateDnsStep.RemoveAsync(context, endpoint) is { } dnsFailure)
            {
                failures.Add(dnsFailure);
            }

            if (await EndpointOperations.DeleteAsync(context, endpoint.Name, limits) is { } failure)
            {
                failures.Add(failure);
            }
        }

        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    /// <summary>Appends a cleanup failure to a detail message.</summary>
    public static string WithCleanup(string detail, string? cleanupFailure) =>
        cleanupFailure is null ? detail : $"{detail}; {cleanupFailure}";

    // The wait of this run: the last AwaitingApproval entry with no terminal stage after it but the one being published
    // (a re-check or an offboarding continues a timeline whose wait was counted when it ended).
    internal static TimeSpan? ApprovalWaitOf(IReadOnlyList<StageEntry> timeline)
    {
        for (int i = timeline.Count - 2; i >= 0; i--)
        {
            if (timeline[i].Stage == OnboardingStage.AwaitingApproval)
            {
                return timeline[i + 1].AtUtc - timeline[i].AtUtc;
            }

            if (timeline[i].Stage.IsTerminal())
            {
                return null;
            }
        }

        return null;
    }
}
