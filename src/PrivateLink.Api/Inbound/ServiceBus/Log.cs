using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Log messages of the Service Bus intake (event ids 4600-4609; docs/logging.md has the table of ranges); MessageId and CorrelationId come from the logging scope.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4600, Level = LogLevel.Information, Message = "Service Bus message {Subject} for {DestinationId}: {Outcome}")]
    public static partial void MessageHandled(ILogger logger, string subject, string destinationId, string outcome);

    [LoggerMessage(EventId = 4601, Level = LogLevel.Warning, Message = "Service Bus message dead-lettered: {Reason}: {Description}")]
    public static partial void MessageDeadLettered(ILogger logger, string reason, string description);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "Service Bus message for {DestinationId} abandoned after a transient failure (delivery {DeliveryCount}); Service Bus redelivers it")]
    public static partial void MessageAbandoned(ILogger logger, Exception exception, string destinationId, int deliveryCount);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Information, Message = "Service Bus intake is off: set ServiceBus:FullyQualifiedNamespace (or ServiceBus:ConnectionString) and ServiceBus:RequestQueue to turn it on")]
    public static partial void IntakeDisabled(ILogger logger);

    [LoggerMessage(EventId = 4604, Level = LogLevel.Information, Message = "Service Bus intake listening on queue {Queue} of {Namespace}")]
    public static partial void IntakeStarted(ILogger logger, string queue, string @namespace);

    [LoggerMessage(EventId = 4605, Level = LogLevel.Error, Message = "Service Bus processor error on {EntityPath} during {ErrorSource}")]
    public static partial void ProcessorError(ILogger logger, Exception exception, string entityPath, string errorSource);

    [LoggerMessage(EventId = 4606, Level = LogLevel.Information,
        Message = "Request queue {Queue} drained: {Received} received, {Completed} completed, {DeadLettered} dead-lettered, {Abandoned} abandoned, {Released} released at the deadline (stopped at deadline: {StoppedAtDeadline})")]
    public static partial void QueueDrained(ILogger logger, string queue, int received, int completed, int deadLettered, int abandoned, int released, bool stoppedAtDeadline);

    [LoggerMessage(EventId = 4607, Level = LogLevel.Warning, Message = "Request message {MessageId} was handled after its lock expired; Service Bus delivers it again")]
    public static partial void DrainLockLost(ILogger logger, Exception exception, string messageId);
}
