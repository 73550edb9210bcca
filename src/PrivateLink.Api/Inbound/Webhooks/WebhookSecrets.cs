using System.ComponentModel.DataAnnotations;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Rules shared by the webhook secrets: a minimum strength, and two secrets accepted while one is rotated.</summary>
public static class WebhookSecrets
{
    /// <summary>The shortest Zendesk or Jira secret accepted, in characters.</summary>
    public const int MinLength = 32;

    /// <summary>Checks a delivery against the current secret, then (only if that fails) against the secondary one.</summary>
    /// <param name="primary">The current secret.</param>
    /// <param name="secondary">The secret being rotated in or out, if any.</param>
    /// <param name="verify">Checks the delivery with one secret.</param>
    /// <returns><see cref="SignatureCheck.Valid"/> when either secret verifies; otherwise the current secret's result.</returns>
    public static SignatureCheck VerifyEither(string? primary, string? secondary, Func<string?, SignatureCheck> verify)
    {
        ArgumentNullException.ThrowIfNull(verify);
        SignatureCheck first = verify(string.IsNullOrEmpty(primary) ? secondary : primary);
        if (first != SignatureCheck.InvalidSignature || string.IsNullOrEmpty(primary) || string.IsNullOrEmpty(secondary))
        {
            return first;
        }

        return verify(secondary) == SignatureCheck.Valid ? SignatureCheck.Valid : first;
    }

    /// <summary>Validates Standard Webhooks secrets: <c>whsec_</c> + base64 of at least <see cref="CallbackOptions.MinSecretBytes"/> bytes.</summary>
    /// <param name="sectionName">The configuration section, named in the error.</param>
    /// <param name="secrets">Each setting's name and value; empty values are "not configured".</param>
    /// <returns>One error per weak secret.</returns>
    public static IEnumerable<ValidationResult> ValidateStandardWebhooks(string sectionName, params (string Name, string? Value)[] secrets)
    {
        foreach ((string name, string? value) in secrets)
        {
            if (!string.IsNullOrEmpty(value) && !CallbackOptions.IsStrongSecret(value))
            {
                yield return new ValidationResult(
                    $"{sectionName}:{name} must be 'whsec_' followed by base64 of at least {CallbackOptions.MinSecretBytes} bytes.", [name]);
            }
        }
    }

    /// <summary>Validates shared secrets (Zendesk, Jira): at least <see cref="MinLength"/> characters.</summary>
    /// <param name="sectionName">The configuration section, named in the error.</param>
    /// <param name="secrets">Each setting's name and value; empty values are "not configured".</param>
    /// <returns>One error per short secret.</returns>
    public static IEnumerable<ValidationResult> ValidateLength(string sectionName, params (string Name, string? Value)[] secrets)
    {
        foreach ((string name, string? value) in secrets)
        {
            if (!string.IsNullOrEmpty(value) && value.Length < MinLength)
            {
                yield return new ValidationResult($"{sectionName}:{name} must be at least {MinLength} characters.", [name]);
            }
        }
    }
}
