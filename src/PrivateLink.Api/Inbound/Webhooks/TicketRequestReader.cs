using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Turns a JSON object built from a ticket (a Zendesk template's output, mapped Jira or Zendesk fields) into an <see cref="OnboardingRequest"/>.</summary>
/// <remarks>
/// Ticket systems render fields as text, so before the strict read (<see cref="JsonBodyReader.StrictOptions"/>: unknown fields are still errors)
/// empty strings count as absent, <c>ports</c> may be text (<c>5432</c> or <c>5432=10.0.0.4, 1433=10.0.0.5</c>) or a number,
/// <c>requireTls</c> may be <c>true</c>/<c>false</c>/<c>yes</c>/<c>no</c> as text, and <c>destinationType</c> may use '_', '-' or spaces
/// (<c>azure_postgre_sql</c> reads as <c>AzurePostgreSql</c>).
/// </remarks>
internal static class TicketRequestReader
{
    /// <summary>Normalizes and reads a request object.</summary>
    /// <param name="document">The object; changed in place.</param>
    /// <param name="errors">The errors keyed by request field, when reading failed.</param>
    /// <returns>The request, or null with <paramref name="errors"/> set.</returns>
    public static OnboardingRequest? Read(JsonObject document, out Dictionary<string, string[]> errors)
    {
        errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (string name in document.Select(p => p.Key).ToList())
        {
            if (document[name] is null || (document[name] is JsonValue v && v.TryGetValue(out string? s) && string.IsNullOrWhiteSpace(s)))
            {
                document.Remove(name);
            }
        }

        NormalizePorts(document, errors);
        NormalizeRequireTls(document, errors);
        NormalizeDestinationType(document);
        if (errors.Count > 0)
        {
            return null;
        }

        try
        {
            OnboardingRequest? request = document.Deserialize<OnboardingRequest>(JsonBodyReader.StrictOptions);
            if (request is null)
            {
                errors["$"] = ["The request must be a JSON object."];
            }

            return request;
        }
        catch (JsonException ex)
        {
            string path = JsonBodyReader.FieldPath(ex.Path);
            errors[path] = [ex.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field." : "A value of the wrong type."];
            return null;
        }
    }

    /// <summary>Converts a ticket field's value to text or a JSON value the request reader understands.</summary>
    /// <param name="value">The field's value (string, number, boolean, Jira option object, array).</param>
    /// <returns>The value to put in the request object, or null when the field is empty or of a shape that holds no usable value.</returns>
    public static JsonNode? FromTicketValue(JsonNode? value) => value switch
    {
        null => null,
        JsonObject o when o["value"] is { } inner => FromTicketValue(inner),
        JsonObject => null,
        JsonArray a => JsonValue.Create(string.Join(",", a.Select(FromTicketValue).Where(n => n is not null).Select(n => n!.ToString()))),
        JsonValue v => v.DeepClone(),
        _ => null,
    };

    private static void NormalizePorts(JsonObject document, Dictionary<string, string[]> errors)
    {
        if (document["ports"] is not JsonValue value)
        {
            return;
        }

        if (value.TryGetValue(out int single))
        {
            document["ports"] = new JsonArray(new JsonObject { ["port"] = single });
            return;
        }

        if (!value.TryGetValue(out string? text))
        {
            return;
        }

        var ports = new JsonArray();
        foreach (string item in text.Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries))
        {
            string[] parts = item.Split('=', 2);
            if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int port))
            {
                errors["ports"] = [$"Expected a list of ports, each 'port' or 'port=destinationIp' separated by commas; '{Shorten(item)}' is neither."];
                return;
            }

            var entry = new JsonObject { ["port"] = port };
            if (parts.Length == 2)
            {
                entry["destinationIp"] = parts[1];
            }

            ports.Add(entry);
        }

        document["ports"] = ports;
    }

    private static void NormalizeRequireTls(JsonObject document, Dictionary<string, string[]> errors)
    {
        if (document["requireTls"] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return;
        }

        bool? parsed = text.Trim().ToUpperInvariant() switch
        {
            "TRUE" or "YES" or "1" => true,
            "FALSE" or "NO" or "0" => false,
            _ => null,
        };
        if (parsed is null)
        {
            errors["requireTls"] = [$"Expected true or false; got '{Shorten(text)}'."];
            return;
        }

        document["requireTls"] = parsed.Value;
    }

    private static void NormalizeDestinationType(JsonObject document)
    {
        if (document["destinationType"] is not JsonValue value || !value.TryGetValue(out string? text))
        {
            return;
        }

        string compact = new(text.Where(c => c is not ('_' or '-' or ' ')).ToArray());
        string? name = Enum.GetNames<DestinationType>().FirstOrDefault(n => string.Equals(n, compact, StringComparison.OrdinalIgnoreCase));
        if (name is not null)
        {
            document["destinationType"] = name;
        }
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
