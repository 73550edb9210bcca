using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Adds a comment to a Jira issue: <c>POST {BaseUrl}/rest/api/3/issue/{key}/comment</c> with an Atlassian Document Format body.</summary>
/// <remarks>Jira Cloud REST API v3, "Add comment"; basic auth <c>email:api_token</c>. Each line of the text becomes a paragraph (ADF text nodes must not be empty).</remarks>
/// <param name="httpClient">The client.</param>
/// <param name="options">The Jira settings.</param>
internal sealed class JiraCommentClient(HttpClient httpClient, IOptions<JiraCommentOptions> options) : ITicketCommentClient
{
    /// <inheritdoc/>
    public TicketSystem System => TicketSystem.Jira;

    /// <inheritdoc/>
    public bool IsConfigured => options.Value.IsConfigured;

    /// <inheritdoc/>
    public async Task<int> PostCommentAsync(string ticketId, string text, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(ticketId);
        ArgumentNullException.ThrowIfNull(text);
        JiraCommentOptions settings = options.Value;
        if (!settings.IsConfigured)
        {
            throw new InvalidOperationException("Jira comments are not configured (Tickets:Jira:BaseUrl, Email, ApiToken).");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, TicketHttp.Combine(settings.BaseUrl!, $"rest/api/3/issue/{Uri.EscapeDataString(ticketId)}/comment"))
        {
            Content = JsonContent.Create(Document(text)),
        };
        request.Headers.Authorization = TicketHttp.Basic(settings.Email!, settings.ApiToken!);
        return await TicketHttp.SendAsync(httpClient, request, System, ticketId, isTransient: null, cancellationToken);
    }

    /// <summary>Makes the comment body: <c>{"body":{"type":"doc","version":1,"content":[paragraph per line]}}</c>.</summary>
    /// <param name="text">The comment text.</param>
    /// <returns>The request body.</returns>
    internal static JsonObject Document(string text)
    {
        var paragraphs = new JsonArray();
        foreach (string line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0))
        {
            paragraphs.Add(new JsonObject
            {
                ["type"] = "paragraph",
                ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = line }),
            });
        }

        return new JsonObject { ["body"] = new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = paragraphs } };
    }
}
