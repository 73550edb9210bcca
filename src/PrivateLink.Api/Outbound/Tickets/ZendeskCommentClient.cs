using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Adds a comment to a Zendesk ticket: <c>PUT {BaseUrl}/api/v2/tickets/{id}.json</c> with <c>{"ticket":{"comment":{"body":…,"public":…}}}</c>.</summary>
/// <remarks>
/// Zendesk Tickets API, "Update Ticket"; API token auth is Basic <c>{email}/token:{api_token}</c>. 409 is transient too: Zendesk answers
/// it when two updates of one ticket collide, and documents retrying.
/// </remarks>
/// <param name="httpClient">The client.</param>
/// <param name="options">The Zendesk settings.</param>
internal sealed class ZendeskCommentClient(HttpClient httpClient, IOptions<ZendeskCommentOptions> options) : ITicketCommentClient
{
    /// <inheritdoc/>
    public TicketSystem System => TicketSystem.Zendesk;

    /// <inheritdoc/>
    public bool IsConfigured => options.Value.IsConfigured;

    /// <inheritdoc/>
    public async Task<int> PostCommentAsync(string ticketId, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticketId);
        ArgumentNullException.ThrowIfNull(text);
        ZendeskCommentOptions settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("Zendesk comments are not configured (Tickets:Zendesk:BaseUrl, Email, ApiToken).");
        }

        var body = new JsonObject
        {
            ["ticket"] = new JsonObject
            {
                ["comment"] = new JsonObject { ["body"] = text, ["public"] = settings.PublicComments },
            },
        };
        using var request = new HttpRequestMessage(HttpMethod.Put, TicketHttp.Combine(settings.BaseUrl!, $"api/v2/tickets/{Uri.EscapeDataString(ticketId)}.json"))
        {
            Content = JsonContent.Create(body),
        };
        request.Headers.Authorization = TicketHttp.Basic($"{settings.Email}/token", settings.ApiToken!);
        return await TicketHttp.SendAsync(httpClient, request, System, ticketId, status => status == HttpStatusCode.Conflict, cancellationToken);
    }
}
