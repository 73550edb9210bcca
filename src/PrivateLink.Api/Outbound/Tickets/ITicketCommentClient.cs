namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Posts one comment on a ticket of one ticket system.</summary>
internal interface ITicketCommentClient
{
    /// <summary>Gets the ticket system.</summary>
    TicketSystem System { get; }

    /// <summary>Gets a value indicating whether the URL and credentials are configured.</summary>
    bool IsConfigured { get; }

    /// <summary>Posts a comment.</summary>
    /// <param name="ticketId">The ticket id or issue key.</param>
    /// <param name="text">The comment text.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The HTTP status of a final answer: 2xx when posted, any other 4xx when the ticket system refuses the comment.</returns>
    /// <exception cref="PrivateLink.Onboarding.Notifications.TransientNotificationException">429, 5xx, a timeout or a network error.</exception>
    Task<int> PostCommentAsync(string ticketId, string text, CancellationToken cancellationToken);
}
