using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Webhooks;

/// <summary>Settings of the Jira webhook endpoint <c>POST /api/webhooks/jira</c>.</summary>
public sealed class JiraWebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:Jira";

    /// <summary>Gets or sets the webhook secret entered in Jira (a Key Vault reference in Azure).</summary>
    /// <value>The default is none: without a secret the endpoint rejects every call with 401.</value>
    public string? Secret { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>jira:issue_created</c> starts an onboarding.</summary>
    /// <value>The default is true.</value>
    public bool StartOnIssueCreated { get; set; } = true;

    /// <summary>Gets or sets the status whose transition (in <c>jira:issue_updated</c>) starts an onboarding, e.g. <c>Ready for onboarding</c>.</summary>
    /// <value>The default is none: transitions are ignored.</value>
    public string? StartOnStatus { get; set; }

    /// <summary>Gets or sets the prefix of destination ids made from issue keys (<c>jira-sup-1234</c>).</summary>
    /// <value>The default is <c>jira-</c>.</value>
    [RegularExpression("^[a-z0-9-]{0,20}$")]
    public string DestinationIdPrefix { get; set; } = "jira-";

    /// <summary>Gets or sets how long a delivery identifier is remembered for de-duplication.</summary>
    /// <value>The default is 7 days.</value>
    [Range(typeof(TimeSpan), "01:00:00", "30.00:00:00")]
    public TimeSpan DeduplicationWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Gets or sets which issue fields (<c>customfield_NNNNN</c>) hold the request's values.</summary>
    public TicketFieldMapping Fields { get; set; } = new();
}
