using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Posts a destination event as a comment on the ticket it came from, for one ticket system (one sink per configured system).</summary>
/// <remarks>
/// <para>The ticket system is chosen by the shape of <see cref="DestinationEvent.TicketId"/> (<see cref="TicketIds"/>): this sink
/// skips tickets of the other system, events without a ticket and stages whose template is empty.</para>
/// <para>Idempotency under at-least-once activity execution: the comment key is ticket system + ticket + <see cref="DestinationEvent.EventId"/>
/// (deterministic per destination, stage and time). It is checked in <see cref="IPostedCommentStore"/> before posting and recorded only after the
/// ticket system accepted the comment, so a failed post is retried and a replay after a successful one posts nothing. The window that
/// remains: if the process dies (or the store write fails) after the ticket system accepted the comment but before the record is written,
/// the retried activity posts the comment a second time; two executions of the same activity running at the same moment could also both
/// post. Neither vendor offers an idempotency key on comment creation, so a rare duplicate is preferred to a lost comment.</para>
/// <para>429, 5xx (Zendesk also 409), timeouts and network errors throw <see cref="TransientNotificationException"/>, retried by
/// <c>RetryPolicies.Notify</c>; any other 4xx is logged and not retried (a wrong ticket id or missing permission does not heal).</para>
/// </remarks>
/// <param name="client">Posts to the ticket system.</param>
/// <param name="store">Remembers posted comments.</param>
/// <param name="options">The comment templates.</param>
/// <param name="timeProvider">The clock for record expiry.</param>
/// <param name="logger">The logger.</param>
internal sealed class TicketCommentEventSink(
    ITicketCommentClient client,
    IPostedCommentStore store,
    IOptions<TicketCommentOptions> options,
    TimeProvider timeProvider,
    ILogger<TicketCommentEventSink> logger) : IDestinationEventSink
{
    /// <summary>Gets the ticket system this sink posts to.</summary>
    public TicketSystem System => client.System;

    /// <inheritdoc/>
    public async Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        if (destinationEvent.TicketId is not { Length: > 0 } ticketId)
        {
            return;
        }

        if (!TicketIds.TryGetSystem(ticketId, out TicketSystem system))
        {
            Log.TicketNotRecognised(logger, ticketId, destinationEvent.DestinationId);
            return;
        }

        TicketCommentOptions settings = options.Value;
        if (system != client.System || !client.IsConfigured || settings.TemplateFor(destinationEvent.Stage) is not { Length: > 0 } template)
        {
            return;
        }

        string commentKey = $"{system}:{ticketId}:{destinationEvent.EventId}";
        if (await store.WasPostedAsync(commentKey, cancellationToken))
        {
            Log.CommentAlreadyPosted(logger, system, destinationEvent.EventId, destinationEvent.DestinationId, ticketId);
            return;
        }

        int status;
        try
        {
            status = await client.PostCommentAsync(ticketId, CommentTemplate.Render(template, destinationEvent), cancellationToken);
        }
        catch (TransientNotificationException ex)
        {
            Log.CommentTransientFailure(logger, system, destinationEvent.DestinationId, ticketId, ex.Message);
            throw;
        }

        if (status is >= 200 and < 300)
        {
            await store.RecordPostedAsync(commentKey, timeProvider.GetUtcNow() + settings.RememberPostedFor, cancellationToken);
            Log.CommentPosted(logger, system, destinationEvent.DestinationId, destinationEvent.Stage.ToString(), ticketId);
        }
        else
        {
            Log.CommentRefused(logger, system, destinationEvent.DestinationId, ticketId, status);
        }
    }
}
