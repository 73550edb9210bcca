using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>Settings of the status comments posted on Zendesk tickets (<c>PUT /api/v2/tickets/{id}.json</c>, API token auth).</summary>
/// <remarks>
/// Comments go to Zendesk only when <see cref="BaseUrl"/>, <see cref="Email"/> and <see cref="ApiToken"/> are all set.
/// The token is sent as <c>Authorization: Basic base64("{email}/token:{token}")</c>; in Azure it is a Key Vault reference.
/// </remarks>
public sealed class ZendeskCommentOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Tickets:Zendesk";

    /// <summary>Gets or sets the Zendesk account URL, e.g. <c>https://example.zendesk.com</c>.</summary>
    /// <value>The default is none: no comments go to Zendesk.</value>
    public Uri? BaseUrl { get; set; }

    /// <summary>Gets or sets the email address of the agent the API token acts as.</summary>
    /// <value>The default is none.</value>
    public string? Email { get; set; }

    /// <summary>Gets or sets the API token (Admin Center → Apps and integrations → Zendesk API); a Key Vault reference in Azure.</summary>
    /// <value>The default is none.</value>
    public string? ApiToken { get; set; }

    /// <summary>Gets or sets a value indicating whether comments are public replies (the requester sees them) rather than internal notes.</summary>
    /// <value>The default is false: internal notes, visible to agents only.</value>
    public bool PublicComments { get; set; }

    /// <summary>Gets a value indicating whether every setting needed to post is present.</summary>
    public bool IsConfigured => BaseUrl is not null && !string.IsNullOrEmpty(Email) && !string.IsNullOrEmpty(ApiToken);

    /// <inheritdoc/>
    /// <remarks>An empty email means "not configured" (the sample lists the key empty); a non-empty one must be an address.</remarks>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        OptionalEmail.Validate(Email, SectionName).Concat(TicketBaseUrl.Validate(BaseUrl, SectionName));
}
