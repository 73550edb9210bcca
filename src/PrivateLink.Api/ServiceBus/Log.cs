using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.ServiceBus;

/// <summary>Log messages of the Service Bus intake and events (event ids 4600-4699); MessageId and CorrelationId come from the logging scope.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.MessageHandled, LogLevel.Information, "Service Bus message {Subject} for {DestinationId}: {Outcome}")]
    public static partial void MessageHandled(ILogger logger, string subject, string destinationId, string outcome);

    [LoggerMessage(EventIds.MessageDeadLettered, LogLevel.Warning, "Service Bus message dead-lettered: {Reason}: {Description}")]
    public static partial void MessageDeadLettered(ILogger logger, string reason, string description);

    [LoggerMessage(EventIds.MessageAbandoned, LogLevel.Warning, "Service Bus message for {DestinationId} abandoned after a transient failure (delivery {DeliveryCount}); Service Bus redelivers it")]
    public static partial void MessageAbandoned(ILogger logger, Exception exception, string destinationId, int deliveryCount);

    [LoggerMessage(EventIds.IntakeDisabled, LogLevel.Information, "Service Bus intake is off: set ServiceBus:FullyQualifiedNamespace (or ServiceBus:ConnectionString) and ServiceBus:RequestQueue to turn it on")]
    public static partial void IntakeDisabled(ILogger logger);

    [LoggerMessage(EventIds.IntakeStarted, LogLevel.Information, "Service Bus intake listening on queue {Queue} of {Namespace}")]
    public static partial void IntakeStarted(ILogger logger, string queue, string @namespace);

    [LoggerMessage(EventIds.ProcessorError, LogLevel.Error, "Service Bus processor error on {EntityPath} during {ErrorSource}")]
    public static partial void ProcessorError(ILogger logger, Exception exception, string entityPath, string errorSource);

    [LoggerMessage(EventIds.QueueDrained, LogLevel.Information,
        "Request queue {Queue} drained: {Received} received, {Completed} completed, {DeadLettered} dead-lettered, {Abandoned} abandoned, {Released} released at the deadline (stopped at deadline: {StoppedAtDeadline})")]
    public static partial void QueueDrained(ILogger logger, string queue, int received, int completed, int deadLettered, int abandoned, int released, bool stoppedAtDeadline);

    [LoggerMessage(EventIds.DrainLockLost, LogLevel.Warning, "Request message {MessageId} was handled after its lock expired; Service Bus delivers it again")]
    public static partial void DrainLockLost(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(EventIds.EventPublished, LogLevel.Information, "Destination event {EventId} for {DestinationId} ({Stage}) published to topic {Topic}")]
    public static partial void EventPublished(ILogger logger, string eventId, string destinationId, string stage, string topic);

    [LoggerMessage(EventIds.EventPublishFailed, LogLevel.Warning, "Destination event {EventId} for {DestinationId} not published to {Topic}: {Reason} (transient={IsTransient})")]
    public static partial void EventPublishFailed(ILogger logger, string eventId, string destinationId, string topic, string reason, bool isTransient);
}
