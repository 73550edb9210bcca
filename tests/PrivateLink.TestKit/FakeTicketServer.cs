using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace PrivateLink.TestKit;

/// <summary>A comment received by a fake ticket system.</summary>
public sealed record ReceivedComment(string TicketId, string Text, bool? Public);

/// <summary>
/// A fake Zendesk or Jira on 127.0.0.1 (Kestrel, port 0), shaped from the vendors' API docs: it checks the method, path, Basic credentials
/// and body shape as the real API would, answers with the documented status codes, and records each accepted comment.
/// </summary>
public sealed class FakeTicketServer : IAsyncDisposable
{
    public const string Email = "agent@example.com";
    public const string Token = "api-token-for-tests";

    private readonly WebApplication _app;
    private readonly bool _zendesk;
    private readonly ConcurrentQueue<int> _failures = new();
    private readonly ConcurrentQueue<ReceivedComment> _comments = new();
    private readonly List<(Func<ReceivedComment, bool> Match, TaskCompletionSource<ReceivedComment> Done)> _waiters = [];
    private int _attempts;

    private FakeTicketServer(WebApplication app, bool zendesk)
    {
        _app = app;
        _zendesk = zendesk;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Gets the tickets that exist; a comment on any other answers 404.</summary>
    public ConcurrentDictionary<string, bool> Tickets { get; } = new(StringComparer.Ordinal);

    public IReadOnlyList<ReceivedComment> Comments => [.. _comments];

    /// <summary>Gets every request to the comment route, including refused ones.</summary>
    public int Attempts => Volatile.Read(ref _attempts);

    public static Task<FakeTicketServer> StartZendeskAsync(params string[] tickets) => StartAsync(zendesk: true, tickets);

    public static Task<FakeTicketServer> StartJiraAsync(params string[] tickets) => StartAsync(zendesk: false, tickets);

    /// <summary>Answers the next comment requests with these statuses instead of accepting them.</summary>
    public void FailNext(params int[] statuses)
    {
        foreach (int status in statuses)
        {
            _failures.Enqueue(status);
        }
    }

    /// <summary>Completes when a matching comment was accepted (already, or later).</summary>
    public Task<ReceivedComment> WaitForCommentAsync(Func<ReceivedComment, bool> match, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<ReceivedComment>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters)
        {
            if (_comments.FirstOrDefault(match) is { } existing)
            {
                return Task.FromResult(existing);
            }

            _waiters.Add((match, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static async Task<FakeTicketServer> StartAsync(bool zendesk, string[] tickets)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new FakeTicketServer(app, zendesk);
        foreach (string ticket in tickets)
        {
            server.Tickets[ticket] = true;
        }

        if (zendesk)
        {
            // Zendesk Tickets API, Update Ticket: PUT /api/v2/tickets/{ticket_id}(.json), body {"ticket":{"comment":{"body","public"}}}.
            app.MapPut("/api/v2/tickets/{file}", (string file, HttpRequest request) => server.HandleAsync(file.EndsWith(".json", StringComparison.Ordinal) ? file[..^5] : file, request));
        }
        else
        {
            // Jira Cloud REST v3, Add comment: POST /rest/api/3/issue/{issueIdOrKey}/comment, body {"body": ADF document}.
            app.MapPost("/rest/api/3/issue/{key}/comment", (string key, HttpRequest request) => server.HandleAsync(key, request));
        }

        await app.StartAsync();
        server.BaseUrl = new Uri(app.Urls.First());
        return server;
    }

    private async Task<IResult> HandleAsync(string ticketId, HttpRequest request)
    {
        Interlocked.Increment(ref _attempts);
        string expected = Convert.ToBase64String(Encoding.UTF8.GetBytes(_zendesk ? $"{Email}/token:{Token}" : $"{Email}:{Token}"));
        if (request.Headers.Authorization.ToString() != $"Basic {expected}")
        {
            return _zendesk
                ? Results.Json(new { error = "Couldn't authenticate you" }, statusCode: 401)
                : Results.Json(new { errorMessages = new[] { "Client must be authenticated to access this resource." }, errors = new { } }, statusCode: 401);
        }

        if (_failures.TryDequeue(out int failure))
        {
            if (failure == (int)HttpStatusCode.TooManyRequests)
            {
                request.HttpContext.Response.Headers.RetryAfter = "1";
            }

            return Results.StatusCode(failure);
        }

        if (!Tickets.ContainsKey(ticketId))
        {
            return _zendesk
                ? Results.Json(new { error = "RecordNotFound", description = "Not found" }, statusCode: 404)
                : Results.Json(new { errorMessages = new[] { "Issue does not exist or you do not have permission to see it." }, errors = new { } }, statusCode: 404);
        }

        if (request.ContentType?.StartsWith("application/json", StringComparison.Ordinal) != true)
        {
            return Results.StatusCode(415);
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body);
        }
        catch (JsonException)
        {
            return Results.BadRequest();
        }

        ReceivedComment? comment = _zendesk ? ReadZendesk(ticketId, body) : ReadJira(ticketId, body);
        if (comment is null)
        {
            return _zendesk
                ? Results.Json(new { error = "RecordInvalid", description = "Record validation errors" }, statusCode: 422)
                : Results.Json(new { errorMessages = new[] { "Comment body is not valid!" }, errors = new { } }, statusCode: 400);
        }

        _comments.Enqueue(comment);
        lock (_waiters)
        {
            foreach ((Func<ReceivedComment, bool> match, TaskCompletionSource<ReceivedComment> done) in _waiters.Where(w => w.Match(comment)).ToList())
            {
                done.TrySetResult(comment);
            }
        }

        return _zendesk
            ? Results.Json(new { ticket = new { id = long.Parse(ticketId, System.Globalization.CultureInfo.InvariantCulture) }, audit = new { id = _comments.Count } })
            : Results.Json(new { id = _comments.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), body = body!["body"]!.DeepClone() }, statusCode: 201);
    }

    private static ReceivedComment? ReadZendesk(string ticketId, JsonNode? body)
    {
        if (body?["ticket"]?["comment"] is not JsonObject comment
            || comment["body"] is not JsonValue text || !text.TryGetValue(out string? value) || string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        bool? isPublic = comment["public"] is JsonValue p && p.TryGetValue(out bool b) ? b : null;
        return new ReceivedComment(ticketId, value, isPublic);
    }

    // ADF: {"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"…"}]}]}; text nodes must not be empty.
    private static ReceivedComment? ReadJira(string ticketId, JsonNode? body)
    {
        if (body?["body"] is not JsonObject doc || (string?)doc["type"] != "doc" || (int?)doc["version"] != 1 || doc["content"] is not JsonArray blocks || blocks.Count == 0)
        {
            return null;
        }

        var lines = new List<string>();
        foreach (JsonNode? block in blocks)
        {
            if ((string?)block?["type"] != "paragraph" || block["content"] is not JsonArray inline)
            {
                return null;
            }

            var line = new StringBuilder();
            foreach (JsonNode? node in inline)
            {
                if ((string?)node?["type"] != "text" || node["text"] is not JsonValue t || !t.TryGetValue(out string? text) || text.Length == 0)
                {
                    return null;
                }

                line.Append(text);
            }

            lines.Add(line.ToString());
        }

        return new ReceivedComment(ticketId, string.Join("\n", lines), null);
    }
}
