using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Settings of the Jira webhook endpoint <c>POST /api/webhooks/jira</c>.</summary>
public sealed class JiraWebhookOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:Jira";

    /// <summary>Gets or sets the webhook secret entered in Jira (a Key Vault reference in Azure).</summary>
    /// <value>The default is none: without a secret the endpoint rejects every call with 401.</value>
    public string? Secret { get; set; }

    /// <summary>Gets or sets a second accepted secret, set only while rotating (a delivery signed with either passes).</summary>
    /// <value>The default is none.</value>
    public string? SecondarySecret { get; set; }

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

    /// <summary>Gets or sets how far the payload's own <c>timestamp</c> (Jira sends no signed timestamp header) may be from now, either way.</summary>
    /// <value>The default is 1 hour, which covers Jira's redeliveries of a failed delivery (they repeat the same body); a delivery is remembered that long.</value>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Gets or sets which issue fields (<c>customfield_NNNNN</c>) hold the request's values.</summary>
    public TicketFieldMapping Fields { get; set; } = new();

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        WebhookSecrets.ValidateLength(SectionName, (nameof(Secret), Secret), (nameof(SecondarySecret), SecondarySecret));
}
