using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Tickets;

/// <summary>Log messages of the ticket comments (event ids 4700-4799); never credentials, never comment bodies.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.CommentPosted, LogLevel.Information, "{System} comment for {DestinationId} ({Stage}) posted on ticket {TicketId}")]
    public static partial void CommentPosted(ILogger logger, TicketSystem system, string destinationId, string stage, string ticketId);

    [LoggerMessage(EventIds.CommentAlreadyPosted, LogLevel.Information, "{System} comment {EventId} for {DestinationId} was posted on ticket {TicketId} before; not posted again")]
    public static partial void CommentAlreadyPosted(ILogger logger, TicketSystem system, string eventId, string destinationId, string ticketId);

    [LoggerMessage(EventIds.CommentRefused, LogLevel.Warning, "{System} refused the comment for {DestinationId} on ticket {TicketId} with {StatusCode}; not retried")]
    public static partial void CommentRefused(ILogger logger, TicketSystem system, string destinationId, string ticketId, int statusCode);

    [LoggerMessage(EventIds.TicketNotRecognised, LogLevel.Debug, "Ticket {TicketId} of {DestinationId} is neither a Zendesk id nor a Jira key of a configured system; no comment")]
    public static partial void TicketNotRecognised(ILogger logger, string ticketId, string destinationId);

    [LoggerMessage(EventIds.MappingCommentFailed, LogLevel.Warning, "{System} comment about the unmappable webhook {DeliveryId} could not be posted on ticket {TicketId}")]
    public static partial void MappingCommentFailed(ILogger logger, Exception exception, TicketSystem system, string deliveryId, string ticketId);

    [LoggerMessage(EventIds.CommentTransientFailure, LogLevel.Warning, "{System} comment for {DestinationId} on ticket {TicketId} failed: {Reason}; the workflow retries it")]
    public static partial void CommentTransientFailure(ILogger logger, TicketSystem system, string destinationId, string ticketId, string reason);
}
