using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Maps a Zendesk webhook payload: a trigger/automation body written from our template, or an event-subscription payload (<c>zen:event-type:ticket.*</c>).</summary>
internal static class ZendeskPayloadMapper
{
    private const string EventTypePrefix = "zen:event-type:";
    private const string TicketSubjectPrefix = "zen:ticket:";

    /// <summary>Maps a payload.</summary>
    /// <param name="payload">The parsed body.</param>
    /// <param name="options">The endpoint's settings.</param>
    /// <returns>What the payload asks for.</returns>
    public static TicketMapping Map(JsonObject payload, ZendeskWebhookOptions options)
    {
        if (payload["type"] is JsonValue typeValue && typeValue.TryGetValue(out string? type) && type.StartsWith(EventTypePrefix, StringComparison.Ordinal))
        {
            return MapEvent(payload, type, options);
        }

        // A trigger or automation: the admin's template renders our request document; the ticket id travels as "ticketId".
        string? ticketId = payload["ticketId"] is JsonValue t && t.TryGetValue(out string? id) ? id : null;
        return TicketMapping.Start(payload, ticketId);
    }

    private static TicketMapping MapEvent(JsonObject payload, string type, ZendeskWebhookOptions options)
    {
        if (!options.StartEventTypes.Contains(type, StringComparer.Ordinal))
        {
            return TicketMapping.Ignore($"Event type {type} does not start an onboarding.");
        }

        JsonObject? detail = payload["detail"] as JsonObject;
        string? ticketId = Text(detail?["id"]);
        if (ticketId is null && Text(payload["subject"]) is { } subject && subject.StartsWith(TicketSubjectPrefix, StringComparison.Ordinal))
        {
            ticketId = subject[TicketSubjectPrefix.Length..];
        }

        if (string.IsNullOrEmpty(ticketId))
        {
            return TicketMapping.Invalid("detail.id", "The event names no ticket.");
        }

        // Custom field values, when the payload carries them, as the Tickets API shapes them: [{ "id": 360001, "value": "…" }].
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        if (detail?["custom_fields"] is JsonArray customFields)
        {
            foreach (JsonObject field in customFields.OfType<JsonObject>())
            {
                if (Text(field["id"]) is { } fieldId)
                {
                    values[fieldId] = field["value"];
                }
            }
        }

        IReadOnlyDictionary<string, string> mapping = options.Fields.ToDictionary();
        var request = new JsonObject
        {
            ["destinationId"] = (options.DestinationIdPrefix + ticketId).ToLowerInvariant(),
            ["ticketId"] = ticketId,
        };
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string requestField, string ticketField) in mapping)
        {
            labels[requestField] = $"Zendesk custom field {ticketField}";
            if (values.TryGetValue(ticketField, out JsonNode? value) && TicketRequestReader.FromTicketValue(value) is { } converted)
            {
                request[requestField] = converted;
            }
        }

        return TicketMapping.Start(request, ticketId, labels);
    }

    private static string? Text(JsonNode? node) => node is JsonValue value
        ? value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.Number => value.GetValue<JsonElement>().GetRawText(),
            _ => null,
        }
        : null;
}
