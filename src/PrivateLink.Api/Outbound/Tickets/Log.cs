using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Log messages of the ticket comments (event ids 4700-4799; docs/logging.md has the table of ranges); never credentials, never comment bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4700, Level = LogLevel.Information, Message = "{System} comment for {DestinationId} ({Stage}) posted on ticket {TicketId}")]
    public static partial void CommentPosted(ILogger logger, TicketSystem system, string destinationId, string stage, string ticketId);

    [LoggerMessage(EventId = 4701, Level = LogLevel.Information, Message = "{System} comment {EventId} for {DestinationId} was posted on ticket {TicketId} before; not posted again")]
    public static partial void CommentAlreadyPosted(ILogger logger, TicketSystem system, string eventId, string destinationId, string ticketId);

    [LoggerMessage(EventId = 4702, Level = LogLevel.Warning, Message = "{System} refused the comment for {DestinationId} on ticket {TicketId} with {StatusCode}; not retried")]
    public static partial void CommentRefused(ILogger logger, TicketSystem system, string destinationId, string ticketId, int statusCode);

    [LoggerMessage(EventId = 4703, Level = LogLevel.Debug, Message = "Ticket {TicketId} of {DestinationId} is neither a Zendesk id nor a Jira key of a configured system; no comment")]
    public static partial void TicketNotRecognised(ILogger logger, string ticketId, string destinationId);

    [LoggerMessage(EventId = 4704, Level = LogLevel.Warning, Message = "{System} comment about the unmappable webhook {DeliveryId} could not be posted on ticket {TicketId}")]
    public static partial void MappingCommentFailed(ILogger logger, Exception exception, TicketSystem system, string deliveryId, string ticketId);

    [LoggerMessage(EventId = 4705, Level = LogLevel.Warning, Message = "{System} comment for {DestinationId} on ticket {TicketId} failed: {Reason}; the workflow retries it")]
    public static partial void CommentTransientFailure(ILogger logger, TicketSystem system, string destinationId, string ticketId, string reason);
}
