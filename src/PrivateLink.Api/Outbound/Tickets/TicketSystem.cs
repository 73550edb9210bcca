namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>A ticket system that status comments are posted to.</summary>
public enum TicketSystem
{
    /// <summary>Zendesk Support: numeric ticket ids (<c>35436</c>).</summary>
    Zendesk,

    /// <summary>Jira Cloud / Jira Service Management: issue keys (<c>SUP-1234</c>).</summary>
    Jira,
}
