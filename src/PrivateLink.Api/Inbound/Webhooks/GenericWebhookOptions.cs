using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Settings of the generic Standard Webhooks endpoint <c>POST /api/webhooks/tickets</c>.</summary>
public sealed class GenericWebhookOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Webhooks:Generic";

    /// <summary>Gets or sets the signing secret, <c>whsec_</c> followed by base64 (a Key Vault reference in Azure).</summary>
    /// <value>The default is none: without a secret the endpoint rejects every call with 401.</value>
    [RegularExpression("^(whsec_)?[A-Za-z0-9+/]+={0,2}$", ErrorMessage = "Must be 'whsec_' followed by base64.")]
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets a second accepted secret, set only while rotating (a delivery signed with either passes).</summary>
    /// <value>The default is none.</value>
    [RegularExpression("^(whsec_)?[A-Za-z0-9+/]+={0,2}$", ErrorMessage = "Must be 'whsec_' followed by base64.")]
    public string? SecondarySigningSecret { get; set; }

    /// <summary>Gets or sets how far the <c>webhook-timestamp</c> may be from now, either way.</summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:30", "00:15:00")]
    public TimeSpan Tolerance { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        WebhookSecrets.ValidateStandardWebhooks(SectionName, (nameof(SigningSecret), SigningSecret), (nameof(SecondarySigningSecret), SecondarySigningSecret));
}
