using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Tells which ticket system a ticket id belongs to, by its shape.</summary>
/// <remarks>
/// The rule is explicit and documented (docs/ticket-systems.md): digits only (<c>35436</c>) is a Zendesk ticket id; a project key of
/// an upper-case letter followed by upper-case letters, digits or <c>_</c>, a dash and a number without leading zero (<c>SUP-1234</c>)
/// is a Jira issue key. Both shapes are what the webhooks put in <c>ticketId</c>. Anything else gets no comment.
/// </remarks>
internal static partial class TicketIds
{
    /// <summary>Decides the ticket system of a ticket id.</summary>
    /// <param name="ticketId">The ticket id, as carried by the request.</param>
    /// <param name="system">The ticket system, when recognised.</param>
    /// <returns>True when the id has the shape of a Zendesk id or a Jira key.</returns>
    public static bool TryGetSystem([NotNullWhen(true)] string? ticketId, out TicketSystem system)
    {
        if (ticketId is not null && ZendeskId().IsMatch(ticketId))
        {
            system = TicketSystem.Zendesk;
            return true;
        }

        if (ticketId is not null && JiraKey().IsMatch(ticketId))
        {
            system = TicketSystem.Jira;
            return true;
        }

        system = default;
        return false;
    }

    [GeneratedRegex("^[1-9][0-9]{0,18}$", RegexOptions.CultureInvariant)]
    private static partial Regex ZendeskId();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,18}$", RegexOptions.CultureInvariant)]
    private static partial Regex JiraKey();
}
