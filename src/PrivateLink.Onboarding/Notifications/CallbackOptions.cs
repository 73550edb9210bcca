using System.ComponentModel.DataAnnotations;

namespace PrivateLink.Onboarding.Notifications;

/// <summary>Settings of the ticket callbacks (<c>callbackUrl</c>): signing secrets, allowed hosts, the development-only loopback switch.</summary>
/// <remarks>
/// Callbacks are off until <see cref="AllowedHosts"/> names at least one host; then a <see cref="SigningSecret"/> is required, so no
/// callback ever leaves unsigned. During a rotation both <see cref="SigningSecret"/> and <see cref="SecondarySigningSecret"/> are set and
/// every delivery carries two <c>v1</c> signatures; the receiver accepts either.
/// </remarks>
public sealed class CallbackOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Callbacks";

    /// <summary>The shortest secret accepted, in decoded bytes (the Standard Webhooks specification asks for 24 to 64).</summary>
    public const int MinSecretBytes = 24;

    /// <summary>Gets or sets the signing secret, <c>whsec_</c> followed by base64 (a Key Vault reference in Azure).</summary>
    /// <value>The default is none.</value>
    public string? SigningSecret { get; set; }

    /// <summary>Gets or sets a second signing secret, set only while rotating: deliveries are signed with both.</summary>
    /// <value>The default is none.</value>
    public string? SecondarySigningSecret { get; set; }

    /// <summary>Gets or sets the host names callbacks may go to, separated by <c>;</c>; <c>*.example.com</c> allows every subdomain of example.com.</summary>
    /// <value>The default is none: requests with a <c>callbackUrl</c> are refused.</value>
    public string? AllowedHosts { get; set; }

    /// <summary>Gets or sets a value indicating whether callbacks may use plain http and loopback addresses. Development only (tests).</summary>
    /// <value>The default is false: https only, and loopback, private, link-local, CGNAT and metadata addresses are refused at connect time.</value>
    public bool AllowLoopback { get; set; }

    /// <summary>Gets the allowed host patterns.</summary>
    public IReadOnlyList<string> AllowedHostList =>
        (AllowedHosts ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Gets the configured signing secrets, current first.</summary>
    public IReadOnlyList<string> SigningSecrets =>
        [.. new[] { SigningSecret, SecondarySigningSecret }.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!)];

    /// <summary>Gets the policy the validator and the sender apply.</summary>
    public CallbackPolicy Policy => new(AllowedHostList, AllowLoopback);

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach ((string name, string? value) in new[] { (nameof(SigningSecret), SigningSecret), (nameof(SecondarySigningSecret), SecondarySigningSecret) })
        {
            if (!string.IsNullOrEmpty(value) && !IsStrongSecret(value))
            {
                yield return new ValidationResult(
                    $"{SectionName}:{name} must be 'whsec_' followed by base64 of at least {MinSecretBytes} bytes.", [name]);
            }
        }

        if (AllowedHostList.Count > 0 && string.IsNullOrEmpty(SigningSecret))
        {
            yield return new ValidationResult(
                $"{SectionName}:SigningSecret is required when {SectionName}:AllowedHosts is set: callbacks are always signed.", [nameof(SigningSecret)]);
        }

        foreach (string host in AllowedHostList)
        {
            string name = host.StartsWith("*.", StringComparison.Ordinal) ? host[2..] : host;
            if (Uri.CheckHostName(name) != UriHostNameType.Dns)
            {
                yield return new ValidationResult(
                    $"{SectionName}:AllowedHosts entry '{host}' must be a DNS host name or '*.' and one (IP addresses are not allowed).", [nameof(AllowedHosts)]);
            }
        }
    }

    /// <summary>Tells whether a secret is <c>whsec_</c> (optional) + base64 of at least <see cref="MinSecretBytes"/> bytes.</summary>
    /// <param name="secret">The secret.</param>
    /// <returns>True when long enough and well formed.</returns>
    public static bool IsStrongSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        string encoded = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;
        Span<byte> buffer = stackalloc byte[512];
        return Convert.TryFromBase64String(encoded, buffer, out int written) && written >= MinSecretBytes;
    }
}
