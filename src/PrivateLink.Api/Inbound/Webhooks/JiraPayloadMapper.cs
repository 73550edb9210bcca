using System.Text.Json.Nodes;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Maps a Jira webhook payload (<c>jira:issue_created</c>, or <c>jira:issue_updated</c> with a status transition) to a request.</summary>
internal static class JiraPayloadMapper
{
    /// <summary>The event of a new issue.</summary>
    public const string IssueCreated = "jira:issue_created";

    /// <summary>The event of a changed issue.</summary>
    public const string IssueUpdated = "jira:issue_updated";

    /// <summary>Maps a payload.</summary>
    /// <param name="payload">The parsed body.</param>
    /// <param name="options">The endpoint's settings.</param>
    /// <returns>What the payload asks for.</returns>
    public static TicketMapping Map(JsonObject payload, JiraWebhookOptions options)
    {
        string? webhookEvent = payload["webhookEvent"] is JsonValue e && e.TryGetValue(out string? name) ? name : null;
        bool starts = webhookEvent switch
        {
            IssueCreated => options.StartOnIssueCreated,
            IssueUpdated => !string.IsNullOrEmpty(options.StartOnStatus) && TransitionedTo(payload, options.StartOnStatus),
            _ => false,
        };
        if (!starts)
        {
            return TicketMapping.Ignore($"Event {webhookEvent ?? "(none)"} does not start an onboarding.");
        }

        if (payload["issue"] is not JsonObject issue || issue["key"] is not JsonValue keyValue || !keyValue.TryGetValue(out string? key) || string.IsNullOrEmpty(key))
        {
            return TicketMapping.Invalid("issue.key", "Required: the payload names no issue.");
        }

        JsonObject? fields = issue["fields"] as JsonObject;
        var request = new JsonObject
        {
            ["destinationId"] = (options.DestinationIdPrefix + key).ToLowerInvariant(),
            ["ticketId"] = key,
        };
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string requestField, string jiraField) in options.Fields.ToDictionary())
        {
            labels[requestField] = $"Jira field {jiraField}";
            if (TicketRequestReader.FromTicketValue(fields?[jiraField]) is { } value)
            {
                request[requestField] = value;
            }
        }

        return TicketMapping.Start(request, key, labels);
    }

    private static bool TransitionedTo(JsonObject payload, string status) =>
        payload["changelog"]?["items"] is JsonArray items
        && items.OfType<JsonObject>().Any(item =>
            item["field"] is JsonValue f && f.TryGetValue(out string? field) && field == "status"
            && item["toString"] is JsonValue t && t.TryGetValue(out string? to) && string.Equals(to, status, StringComparison.OrdinalIgnoreCase));
}
