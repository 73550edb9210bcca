using System.Globalization;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>A destination reached a stage that subscribers (event topic, ticket system) care about: a projection of its status document.</summary>
/// <param name="EventId">A deterministic id per destination, stage and time, so a replayed publication can be de-duplicated downstream.</param>
/// <param name="DestinationId">The destination id.</param>
/// <param name="TicketId">The ticket, if any.</param>
/// <param name="Stage">The stage reached.</param>
/// <param name="Detail">What happened.</param>
/// <param name="OccurredAtUtc">When (orchestration time).</param>
/// <param name="CallbackUrl">Where the ticket system wants to be called back, if anywhere.</param>
/// <param name="Endpoint">The endpoint, if any.</param>
/// <param name="Actor">Who caused this stage (the caller of the command), if someone did.</param>
/// <param name="DestinationType">The destination type (a name from the support matrix).</param>
/// <param name="ApprovalWait">How long the connection request waited for the customer's decision, on the event that ends the workflow after a wait.</param>
/// <param name="Endpoints">
/// Every endpoint of the destination with its subresource, host name, ARM state, probe results and private DNS records, as the status
/// document holds them; <paramref name="Endpoint"/> is the first of them (a data lake has two: blob and dfs).
/// </param>
public sealed record DestinationEvent(
    string EventId,
    string DestinationId,
    string? TicketId,
    OnboardingStage Stage,
    string? Detail,
    DateTime OccurredAtUtc,
    string? CallbackUrl,
    PrivateEndpointInfo? Endpoint,
    Actor? Actor = null,
    string? DestinationType = null,
    TimeSpan? ApprovalWait = null,
    IReadOnlyList<DestinationEndpoint>? Endpoints = null)
{
    /// <summary>Projects the current stage of a destination's status document into the event its subscribers receive.</summary>
    /// <param name="request">The destination's validated request (ticket, callback and type).</param>
    /// <param name="status">The status document.</param>
    /// <returns>The event, with an id deterministic per destination, stage and time.</returns>
    public static DestinationEvent From(OnboardDestinationInput request, OnboardingStatus status)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(status);
        string eventId = string.Create(CultureInfo.InvariantCulture, $"{request.DestinationId}:{status.Stage}:{status.EnteredAtUtc.Ticks}");
        return new DestinationEvent(
            eventId, request.DestinationId, request.TicketId, status.Stage, status.Detail, status.EnteredAtUtc, request.CallbackUrl, status.Endpoint, status.Actor)
        {
            DestinationType = request.DestinationType.ToString(),
            ApprovalWait = status.Stage.IsTerminal() ? WorkflowSteps.ApprovalWaitOf(status.Timeline) : null,
            Endpoints = status.Endpoints,
        };
    }
}

/// <summary>Somewhere destination events go (the ticket system's callback, the events topic).</summary>
public interface IDestinationEventSink
{
    /// <summary>Delivers one event.</summary>
    /// <param name="destinationEvent">The event; its <see cref="DestinationEvent.EventId"/> lets receivers de-duplicate.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the event was accepted.</returns>
    /// <exception cref="TransientNotificationException">The receiver failed in a way worth retrying.</exception>
    Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken);
}

/// <summary>A receiver of destination events failed in a way worth retrying (network error, 429, 5xx).</summary>
public sealed class TransientNotificationException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="TransientNotificationException"/> class.</summary>
    /// <param name="message">What failed.</param>
    /// <param name="innerException">The cause.</param>
    public TransientNotificationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}

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

/// <summary>Stands in for a sink that is not configured (no Service Bus topic, a ticket system without URL and credentials): publishes nothing.</summary>
public sealed class DisabledEventSink : IDestinationEventSink
{
    private DisabledEventSink()
    {
    }

    /// <summary>Gets the instance.</summary>
    public static DisabledEventSink Instance { get; } = new();

    /// <inheritdoc/>
    public Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
