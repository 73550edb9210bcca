using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Webhooks;

/// <summary>Log messages of the ticket webhooks (event ids 4500-4599).</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.Accepted, LogLevel.Information, "{Source} webhook {DeliveryId} for {DestinationId} (ticket {TicketId}): {Outcome}")]
    public static partial void Accepted(ILogger logger, string source, string deliveryId, string destinationId, string? ticketId, string outcome);

    [LoggerMessage(EventIds.Rejected, LogLevel.Warning, "{Source} webhook rejected: {Reason}")]
    public static partial void Rejected(ILogger logger, string source, string reason);

    [LoggerMessage(EventIds.Replayed, LogLevel.Warning, "{Source} webhook delivery {DeliveryId} was seen before; not processed again")]
    public static partial void Replayed(ILogger logger, string source, string deliveryId);

    [LoggerMessage(EventIds.NotConfigured, LogLevel.Warning, "{Source} webhook called but no signing secret is configured; rejected")]
    public static partial void NotConfigured(ILogger logger, string source);

    [LoggerMessage(EventIds.Ignored, LogLevel.Information, "{Source} webhook {DeliveryId} ignored: {Reason}")]
    public static partial void Ignored(ILogger logger, string source, string deliveryId, string reason);

    [LoggerMessage(EventIds.MappingFailed, LogLevel.Warning, "{Source} webhook {DeliveryId} (ticket {TicketId}) could not be mapped to an onboarding request: {Fields}")]
    public static partial void MappingFailed(ILogger logger, string source, string deliveryId, string? ticketId, string fields);

    [LoggerMessage(EventIds.SubmitFailed, LogLevel.Error, "{Source} webhook {DeliveryId} for {DestinationId}: submission failed; the delivery may be retried")]
    public static partial void SubmitFailed(ILogger logger, Exception exception, string source, string deliveryId, string destinationId);
}
