using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Tells a ticket, by a comment, which of its fields kept its webhook from starting an onboarding.</summary>
/// <remarks>
/// Best effort, on the webhook's request path: the webhook answers its 400 either way, so a failure here is logged and swallowed.
/// Each delivery comments at most once (the delivery id is part of the comment key); nothing is posted when the ticket id does not
/// have the shape of the webhook's ticket system, or that system is not configured.
/// </remarks>
/// <param name="clients">The ticket-system clients.</param>
/// <param name="store">Remembers posted comments.</param>
/// <param name="options">The comment templates.</param>
/// <param name="timeProvider">The clock for record expiry.</param>
/// <param name="logger">The logger.</param>
internal sealed class TicketMappingErrorNotifier(
    IEnumerable<ITicketCommentClient> clients,
    IPostedCommentStore store,
    IOptions<TicketCommentOptions> options,
    TimeProvider timeProvider,
    ILogger<TicketMappingErrorNotifier> logger)
{
    /// <summary>Posts the mapping errors on the ticket, when it can be identified.</summary>
    /// <param name="system">The ticket system the webhook came from.</param>
    /// <param name="ticketId">The ticket id or issue key, if the payload named one.</param>
    /// <param name="deliveryId">The webhook delivery.</param>
    /// <param name="errors">Each request field or payload path and what is wrong with it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when a comment was posted (or had been posted for this delivery).</returns>
    public async Task<bool> NotifyAsync(
        TicketSystem system, string? ticketId, string deliveryId, IReadOnlyDictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentException.ThrowIfNullOrEmpty(deliveryId);
        if (!TicketIds.TryGetSystem(ticketId, out TicketSystem shape) || shape != system
            || options.Value.MappingFailed is not { Length: > 0 } template
            || clients.FirstOrDefault(c => c.System == system && c.IsConfigured) is not { } client)
        {
            return false;
        }

        string commentKey = $"{system}:{ticketId}:mapping:{deliveryId}";
        try
        {
            if (await store.WasPostedAsync(commentKey, cancellationToken))
            {
                return true;
            }

            var detail = new StringBuilder();
            foreach ((string field, string[] messages) in errors.OrderBy(e => e.Key, StringComparer.Ordinal))
            {
                detail.Append("- ").Append(field).Append(": ").AppendJoin(" ", messages).Append('\n');
            }

            string text = CommentTemplate.Render(template, new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["TicketId"] = ticketId,
                ["Detail"] = detail.ToString().TrimEnd('\n'),
                ["Stage"] = "MappingFailed",
            });
            int status = await client.PostCommentAsync(ticketId, text, cancellationToken);
            if (status is < 200 or >= 300)
            {
                Log.CommentRefused(logger, system, deliveryId, ticketId, status);
                return false;
            }

            await store.RecordPostedAsync(commentKey, timeProvider.GetUtcNow() + options.Value.RememberPostedFor, cancellationToken);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            Log.MappingCommentFailed(logger, ex, system, deliveryId, ticketId);
            return false;
        }
    }
}
