using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Publishes a destination event to every configured sink (ticket callback, events topic).</summary>
public sealed class PublishDestinationEventActivity(IEnumerable<IDestinationEventSink> sinks, ILogger<PublishDestinationEventActivity> logger)
    : TaskActivity<DestinationEvent, int>
{
    /// <inheritdoc/>
    public override async Task<int> RunAsync(TaskActivityContext context, DestinationEvent input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        int delivered = 0;
        foreach (IDestinationEventSink sink in sinks)
        {
            await sink.PublishAsync(input, CancellationToken.None);
            delivered++;
        }

        Log.EventPublished(logger, context.InstanceId, input.DestinationId, input.Stage.ToString(), delivered);

        // Counted after delivery: a retried attempt that failed half-way is not counted twice.
        if (OnboardingMetrics.RecordStageReached(input.Stage, input.DestinationType) && input.ApprovalWait is { } waited)
        {
            OnboardingMetrics.RecordApprovalWait(waited, ApprovalOutcome(input), input.DestinationType);
        }

        return delivered;
    }

    // Ready and ConnectivityFailed end a wait that the customer's approval ended; every other stage ended the wait itself.
    private static OnboardingStage ApprovalOutcome(DestinationEvent input) =>
        input.Stage is OnboardingStage.Ready or OnboardingStage.ConnectivityFailed ? OnboardingStage.CheckingConnectivity : input.Stage;
}
