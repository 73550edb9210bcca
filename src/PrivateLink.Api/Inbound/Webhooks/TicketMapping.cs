using System.Text.Json.Nodes;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>What a vendor payload asks for: start an onboarding from a request object, ignore the event, or nothing usable (bad fields).</summary>
/// <param name="Request">The request object to read, when the payload starts an onboarding.</param>
/// <param name="TicketId">The ticket id or issue key, when known.</param>
/// <param name="IgnoredReason">Why the event starts nothing, when it does not.</param>
/// <param name="Errors">What is missing or wrong in the payload itself, keyed by the payload path.</param>
/// <param name="Labels">Request field → ticket field it came from, to name the ticket field in errors.</param>
internal sealed record TicketMapping(
    JsonObject? Request,
    string? TicketId,
    string? IgnoredReason,
    Dictionary<string, string[]>? Errors,
    IReadOnlyDictionary<string, string> Labels)
{
    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    /// <summary>Creates a mapping that starts an onboarding.</summary>
    /// <param name="request">The request object.</param>
    /// <param name="ticketId">The ticket.</param>
    /// <param name="labels">Where each field came from.</param>
    /// <returns>The mapping.</returns>
    public static TicketMapping Start(JsonObject request, string? ticketId, IReadOnlyDictionary<string, string>? labels = null) =>
        new(request, ticketId, null, null, labels ?? NoLabels);

    /// <summary>Creates a mapping for an event that starts nothing.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The mapping.</returns>
    public static TicketMapping Ignore(string reason) => new(null, null, reason, null, NoLabels);

    /// <summary>Creates a mapping for a payload that lacks what is needed.</summary>
    /// <param name="path">The payload path.</param>
    /// <param name="message">What is wrong.</param>
    /// <returns>The mapping.</returns>
    public static TicketMapping Invalid(string path, string message) =>
        new(null, null, null, new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] }, NoLabels);
}
