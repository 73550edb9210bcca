using System.Globalization;
using System.Text.RegularExpressions;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Renders the operator's comment templates: <c>{Name}</c> placeholders replaced by the event's values.</summary>
internal static partial class CommentTemplate
{
    /// <summary>The longest template accepted.</summary>
    public const int MaxTemplateLength = 4000;

    /// <summary>The longest comment posted (the detail is cut to fit); well below both vendors' limits.</summary>
    public const int MaxCommentLength = 16_000;

    /// <summary>The placeholders a template may use.</summary>
    public static readonly IReadOnlyList<string> Placeholders = ["DestinationId", "TicketId", "Stage", "Detail", "EndpointName", "PrivateIpAddresses"];

    /// <summary>Lists the placeholders of a template that are not known.</summary>
    /// <param name="template">The template.</param>
    /// <returns>The unknown names, in order of appearance.</returns>
    public static IEnumerable<string> UnknownPlaceholders(string? template) =>
        template is null
            ? []
            : Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(name => !Placeholders.Contains(name, StringComparer.Ordinal));

    /// <summary>Renders the comment of a destination event.</summary>
    /// <param name="template">The template.</param>
    /// <param name="destinationEvent">The event.</param>
    /// <returns>The comment text.</returns>
    public static string Render(string template, DestinationEvent destinationEvent)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        return Render(template, new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["DestinationId"] = destinationEvent.DestinationId,
            ["TicketId"] = destinationEvent.TicketId,
            ["Stage"] = destinationEvent.Stage.ToString(),
            ["Detail"] = destinationEvent.Detail,
            ["EndpointName"] = EndpointNames(destinationEvent),
            ["PrivateIpAddresses"] = PrivateIpAddresses(destinationEvent),
        });
    }

    /// <summary>Renders a template from named values; a missing value renders empty, an unknown placeholder is left as written.</summary>
    /// <param name="template">The template.</param>
    /// <param name="values">The values by placeholder name.</param>
    /// <returns>The text, trimmed and at most <see cref="MaxCommentLength"/> characters.</returns>
    public static string Render(string template, IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        string text = Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out string? value) ? value ?? string.Empty : m.Value).Trim();
        return text.Length <= MaxCommentLength
            ? text
            : string.Create(CultureInfo.InvariantCulture, $"{text[..(MaxCommentLength - 1)]}…");
    }

    // A data lake has two endpoints (blob and dfs): the comment names both, and each address with its subresource.
    private static string? EndpointNames(DestinationEvent destinationEvent) =>
        destinationEvent.Endpoints is { Count: > 1 } endpoints
            ? string.Join(" and ", endpoints.Select(e => e.Name))
            : destinationEvent.Endpoint?.Name;

    private static string? PrivateIpAddresses(DestinationEvent destinationEvent) =>
        destinationEvent.Endpoints is { Count: > 1 } endpoints
            ? string.Join(", ", endpoints.SelectMany(e => (e.Endpoint?.PrivateIpAddresses ?? []).Select(ip => $"{ip} ({e.GroupId ?? e.Name})")))
            : destinationEvent.Endpoint is { } endpoint ? string.Join(", ", endpoint.PrivateIpAddresses) : null;

    [GeneratedRegex(@"\{([A-Za-z]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
