using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Log messages of the ticket webhooks (event ids 4500-4599; docs/logging.md has the table of ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Information, Message = "{Source} webhook {DeliveryId} for {DestinationId} (ticket {TicketId}): {Outcome}")]
    public static partial void Accepted(ILogger logger, string source, string deliveryId, string destinationId, string? ticketId, string outcome);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Warning, Message = "{Source} webhook rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string source, string reason);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Warning, Message = "{Source} webhook delivery {DeliveryId} was seen before; not processed again")]
    public static partial void Replayed(ILogger logger, string source, string deliveryId);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Warning, Message = "{Source} webhook called but no signing secret is configured; rejected")]
    public static partial void NotConfigured(ILogger logger, string source);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Information, Message = "{Source} webhook {DeliveryId} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string source, string deliveryId, string reason);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Warning, Message = "{Source} webhook {DeliveryId} (ticket {TicketId}) could not be mapped to an onboarding request: {Fields}")]
    public static partial void MappingFailed(ILogger logger, string source, string deliveryId, string? ticketId, string fields);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Error, Message = "{Source} webhook {DeliveryId} for {DestinationId}: submission failed; the delivery may be retried")]
    public static partial void SubmitFailed(ILogger logger, Exception exception, string source, string deliveryId, string destinationId);
}
