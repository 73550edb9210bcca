using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Outbound.ServiceBus;

/// <summary>Log messages of the Service Bus event sink (event ids 4610-4699; docs/logging.md has the table of ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4610, Level = LogLevel.Information, Message = "Destination event {EventId} for {DestinationId} ({Stage}) published to topic {Topic}")]
    public static partial void EventPublished(ILogger logger, string eventId, string destinationId, string stage, string topic);

    [LoggerMessage(EventId = 4611, Level = LogLevel.Warning, Message = "Destination event {EventId} for {DestinationId} not published to {Topic}: {Reason} (transient={IsTransient})")]
    public static partial void EventPublishFailed(ILogger logger, string eventId, string destinationId, string topic, string reason, bool isTransient);
}
