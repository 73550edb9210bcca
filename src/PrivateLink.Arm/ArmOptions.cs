using System.ComponentModel.DataAnnotations;
using Azure.ResourceManager;

namespace PrivateLink.Arm;

/// <summary>Settings of the Azure Resource Manager adapter (configuration section <c>Arm</c>).</summary>
public sealed class ArmOptions
{
    /// <summary>The configuration section the options bind from.</summary>
    public const string SectionName = "Arm";

    /// <summary>Gets or sets the ARM endpoint.</summary>
    /// <remarks>Must be HTTPS: the SDK's bearer-token policy refuses to send a token in clear text.</remarks>
    /// <value>The default is <c>https://management.azure.com</c>.</value>
    [Required]
    public Uri Endpoint { get; set; } = new("https://management.azure.com");

    /// <summary>Gets or sets the token audience (the SDK asks for <c>{Audience}/.default</c>).</summary>
    /// <value>The default is <c>https://management.azure.com/</c>, the public cloud's ARM audience.</value>
    [Required]
    public string Audience { get; set; } = "https://management.azure.com/";

    /// <summary>Gets or sets the subscription that holds the service's private endpoints.</summary>
    [Required]
    [RegularExpression("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", ErrorMessage = "Arm:SubscriptionId must be a GUID.")]
    public string SubscriptionId { get; set; } = string.Empty;

    /// <summary>Gets or sets the resource group the private endpoints are created in.</summary>
    [Required]
    [StringLength(90, MinimumLength = 1)]
    public string ResourceGroup { get; set; } = string.Empty;

    /// <summary>Gets or sets the region of the private endpoints (the region of <see cref="SubnetId"/>'s virtual network).</summary>
    [Required]
    public string Location { get; set; } = string.Empty;

    /// <summary>Gets or sets the resource ID of the subnet the private endpoints are placed in.</summary>
    [Required]
    public string SubnetId { get; set; } = string.Empty;

    /// <summary>Gets or sets the value of the <c>privatelink-onboarding-owner</c> tag that marks endpoints this deployment owns.</summary>
    /// <value>The default is <c>privatelink-onboarding</c>.</value>
    [Required]
    [StringLength(256, MinimumLength = 1)]
    public string OwnerTag { get; set; } = "privatelink-onboarding";

    /// <summary>Gets or sets how many ARM writes (PUT, DELETE) the adapter may start per <see cref="WriteBudgetWindow"/>.</summary>
    /// <remarks>A client-side token bucket, so a burst of onboardings cannot spend the subscription's write budget; writes wait for a token.</remarks>
    /// <value>The default is 1000.</value>
    [Range(1, 100_000)]
    public int WriteBudget { get; set; } = 1000;

    /// <summary>Gets or sets the window the <see cref="WriteBudget"/> is refilled over.</summary>
    /// <value>The default is 5 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan WriteBudgetWindow { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how many writes may wait for a token before further writes fail as transient.</summary>
    /// <value>The default is 10000.</value>
    [Range(0, 1_000_000)]
    public int WriteQueueLimit { get; set; } = 10_000;

    /// <summary>Gets or sets how many times the SDK retries a request that failed transiently (408, 429, 5xx, <c>RetryableErrorDueToAnotherOperation</c>).</summary>
    /// <value>The default is 5.</value>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>Gets or sets the first retry delay (exponential back-off; a longer <c>Retry-After</c> from ARM wins).</summary>
    /// <value>The default is 0.8 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(0.8);

    /// <summary>Gets or sets the longest retry delay the back-off computes.</summary>
    /// <value>The default is 60 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets the timeout of one HTTP attempt.</summary>
    /// <value>The default is 100 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Gets or sets the SHA-256 (or SHA-1) thumbprint of the one extra server certificate to trust. Development only.</summary>
    /// <remarks>
    /// Set it to the ARM emulator's <c>CertificateThumbprint</c>. Only a certificate with exactly this thumbprint is accepted in
    /// addition to certificates the system trusts; there is no "accept any certificate" mode. Leave empty in Azure.
    /// </remarks>
    /// <value>The default is null (system trust only).</value>
    [RegularExpression("^([0-9a-fA-F]{40}|[0-9a-fA-F]{64})$", ErrorMessage = "Arm:TrustedServerCertificateThumbprint must be 40 or 64 hex digits.")]
    public string? TrustedServerCertificateThumbprint { get; set; }

    /// <summary>Gets the Azure clouds whose Resource Manager a deployment may use: public, US Government and China (Azure.ResourceManager's own table).</summary>
    /// <remarks>Azure Germany closed in 2021; any other endpoint is the ARM emulator's, which only Development accepts.</remarks>
    public static IReadOnlyList<ArmEnvironment> AzureClouds { get; } = [ArmEnvironment.AzurePublicCloud, ArmEnvironment.AzureGovernment, ArmEnvironment.AzureChina];

    /// <summary>Tells whether an endpoint and an audience, as configured, are one Azure cloud's Resource Manager (the audience with or without its trailing slash).</summary>
    /// <param name="endpoint">The <c>Arm:Endpoint</c> setting; null for the default.</param>
    /// <param name="audience">The <c>Arm:Audience</c> setting; null for the default.</param>
    /// <returns>True when both name the same cloud in <see cref="AzureClouds"/>.</returns>
    public static bool IsAzureCloud(string? endpoint, string? audience)
    {
        var defaults = new ArmOptions();
        if (!Uri.TryCreate(endpoint ?? defaults.Endpoint.ToString(), UriKind.Absolute, out Uri? uri) || uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            return false;
        }

        string wanted = (audience ?? defaults.Audience).TrimEnd('/');
        return AzureClouds.Any(cloud =>
            string.Equals(cloud.Endpoint.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase)
            && string.Equals(cloud.Audience.TrimEnd('/'), wanted, StringComparison.OrdinalIgnoreCase));
    }
}
