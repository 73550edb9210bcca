using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Settings of the status comments posted on Jira issues (<c>POST /rest/api/3/issue/{key}/comment</c>, basic auth with an API token).</summary>
/// <remarks>Comments go to Jira only when <see cref="BaseUrl"/>, <see cref="Email"/> and <see cref="ApiToken"/> are all set.</remarks>
public sealed class JiraCommentOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tickets:Jira";

    /// <summary>Gets or sets the Jira site URL, e.g. <c>https://example.atlassian.net</c>.</summary>
    /// <value>The default is none: no comments go to Jira.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the email address of the Atlassian account the API token belongs to.</summary>
    /// <value>The default is none.</value>
    public string? Email { get; set; }

    /// <summary>Gets or sets the Atlassian API token (id.atlassian.com → Security → API tokens); a Key Vault reference in Azure.</summary>
    /// <value>The default is none.</value>
    public string? ApiToken { get; set; }

    /// <summary>Gets a value indicating whether every setting needed to post is present.</summary>
    public bool IsConfigured => BaseUrl is not null && !string.IsNullOrEmpty(Email) && !string.IsNullOrEmpty(ApiToken);

    /// <inheritdoc/>
    /// <remarks>An empty email means "not configured" (the sample lists the key empty); a non-empty one must be an address.</remarks>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        OptionalEmail.Validate(Email, SectionName).Concat(TicketBaseUrl.Validate(BaseUrl, SectionName));
}
