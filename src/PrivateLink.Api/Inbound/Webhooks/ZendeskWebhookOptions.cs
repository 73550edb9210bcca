using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Settings of the Zendesk webhook endpoint <c>POST /api/webhooks/zendesk</c>.</summary>
public sealed class ZendeskWebhookOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:Zendesk";

    /// <summary>Gets or sets the webhook's signing secret as Zendesk shows it (a Key Vault reference in Azure).</summary>
    /// <value>The default is none: without a secret the endpoint rejects every call with 401.</value>
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets a second accepted secret, set only while rotating (a delivery signed with either passes).</summary>
    /// <value>The default is none.</value>
    public string? SecondarySigningSecret { get; set; }

    /// <summary>Gets or sets how far <c>X-Zendesk-Webhook-Signature-Timestamp</c> may be from now, either way.</summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:30", "00:15:00")]
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets the prefix of destination ids made from ticket ids (<c>zd-12345</c>).</summary>
    /// <value>The default is <c>zd-</c>.</value>
    [RegularExpression("^[a-z0-9-]{0,20}$")]
    public string DestinationIdPrefix { get; set; } = "zd-";

    /// <summary>Gets or sets the event-subscription types that start an onboarding.</summary>
    /// <value>The default is <c>zen:event-type:ticket.created</c>.</value>
    public IList<string> StartEventTypes { get; set; } = ["zen:event-type:ticket.created"];

    /// <summary>Gets or sets which ticket custom fields (numeric ids) hold the request's values in an event-subscription payload.</summary>
    public TicketFieldMapping Fields { get; set; } = new();

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        WebhookSecrets.ValidateLength(SectionName, (nameof(SigningSecret), SigningSecret), (nameof(SecondarySigningSecret), SecondarySigningSecret));
}
