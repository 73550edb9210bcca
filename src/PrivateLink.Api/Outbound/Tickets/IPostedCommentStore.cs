namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Remembers which comments were posted on tickets, so that a replayed activity does not post one twice.</summary>
/// <remarks>
/// Checked before posting and recorded only after the ticket system accepted the comment: recording first would lose the comment
/// when the post then fails. See <see cref="TicketCommentEventSink"/> for the window that remains.
/// </remarks>
public interface IPostedCommentStore
{
    /// <summary>Tells whether a comment was posted.</summary>
    /// <param name="commentKey">The comment's identity (ticket system, ticket and destination event id).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when it was recorded as posted and the record has not expired.</returns>
    Task<bool> WasPostedAsync(string commentKey, CancellationToken cancellationToken);

    /// <summary>Records that a comment was posted.</summary>
    /// <param name="commentKey">The comment's identity.</param>
    /// <param name="expiresAt">When the record may be forgotten.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task RecordPostedAsync(string commentKey, DateTimeOffset expiresAt, CancellationToken cancellationToken);
}
