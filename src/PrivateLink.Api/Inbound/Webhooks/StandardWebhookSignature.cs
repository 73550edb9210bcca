using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Verifies Standard Webhooks signatures (<c>webhook-id</c>, <c>webhook-timestamp</c>, <c>webhook-signature</c>).</summary>
/// <remarks>
/// The signature is <c>v1,</c> + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)), computed by the StandardWebhooks package's
/// <see cref="StandardWebhook.Sign"/> and compared in constant time (<see cref="CryptographicOperations.FixedTimeEquals"/>). The package's own
/// <c>Verify</c> is not used because it reads the wall clock; here the timestamp is checked against the injected <see cref="TimeProvider"/>.
/// </remarks>
public static class StandardWebhookSignature
{
    /// <summary>The delivery id header.</summary>
    public const string IdHeader = "webhook-id";

    /// <summary>The timestamp header (Unix seconds).</summary>
    public const string TimestampHeader = "webhook-timestamp";

    /// <summary>The signature header: space-separated <c>v1,&lt;base64&gt;</c> entries.</summary>
    public const string SignatureHeader = "webhook-signature";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Checks a delivery.</summary>
    /// <param name="signingSecret">The secret (<c>whsec_</c> + base64); null or empty when not configured.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="now">The current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>.</param>
    /// <param name="webhookId">The delivery id when the headers are present.</param>
    /// <param name="timestamp">The delivery's timestamp when it parsed.</param>
    /// <returns>The result.</returns>
    public static SignatureCheck Verify(
        string? signingSecret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance, out string? webhookId, out DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(headers);
        webhookId = null;
        timestamp = default;
        if (string.IsNullOrEmpty(signingSecret))
        {
            return SignatureCheck.NotConfigured;
        }

        string id = headers[IdHeader].ToString();
        string timestampText = headers[TimestampHeader].ToString();
        string signatures = headers[SignatureHeader].ToString();
        if (id.Length == 0 || timestampText.Length == 0 || signatures.Length == 0)
        {
            return SignatureCheck.MissingHeaders;
        }

        webhookId = id;

        // Only the canonical decimal form: the signed text is the header as sent, and the package signs the canonical form.
        if (!long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
            || seconds.ToString(CultureInfo.InvariantCulture) != timestampText
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            return SignatureCheck.StaleTimestamp;
        }

        timestamp = DateTimeOffset.FromUnixTimeSeconds(seconds);
        if ((timestamp - now).Duration() > tolerance)
        {
            return SignatureCheck.StaleTimestamp;
        }

        string payload;
        try
        {
            payload = StrictUtf8.GetString(body);
        }
        catch (DecoderFallbackException)
        {
            return SignatureCheck.InvalidSignature;
        }

        string expected;
        try
        {
            expected = new StandardWebhook(signingSecret).Sign(id, timestamp, payload);
        }
        catch (FormatException)
        {
            return SignatureCheck.NotConfigured;
        }

        byte[] expectedSignature = Encoding.ASCII.GetBytes(expected[(expected.IndexOf(',', StringComparison.Ordinal) + 1)..]);
        foreach (string entry in signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (entry.StartsWith("v1,", StringComparison.Ordinal)
                && CryptographicOperations.FixedTimeEquals(expectedSignature, Encoding.UTF8.GetBytes(entry[3..])))
            {
                return SignatureCheck.Valid;
            }
        }

        return SignatureCheck.InvalidSignature;
    }
}
