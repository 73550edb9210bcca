using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Verifies Zendesk webhook signatures: <c>X-Zendesk-Webhook-Signature</c> = base64(HMAC-SHA256(secret, timestamp + raw body)).</summary>
public static class ZendeskSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Zendesk-Webhook-Signature";

    /// <summary>The timestamp header (ISO-8601, e.g. <c>2025-05-01T12:00:00Z</c>).</summary>
    public const string TimestampHeader = "X-Zendesk-Webhook-Signature-Timestamp";

    /// <summary>Computes the signature Zendesk sends.</summary>
    /// <param name="secret">The webhook's signing secret.</param>
    /// <param name="timestamp">The timestamp header's value, as sent.</param>
    /// <param name="body">The raw body.</param>
    /// <returns>The base64 signature.</returns>
    public static string Compute(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        return Convert.ToBase64String(Hash(secret, timestamp, body));
    }

    /// <summary>Checks a delivery.</summary>
    /// <param name="secret">The signing secret; null or empty when not configured.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="now">The current time.</param>
    /// <param name="tolerance">How far the timestamp may be from <paramref name="now"/>.</param>
    /// <param name="deliveryKey">When the signature verifies: the signed timestamp and the decoded signature bytes, a canonical replay key.</param>
    /// <param name="timestamp">The parsed timestamp.</param>
    /// <returns>The result.</returns>
    public static SignatureCheck Verify(
        string? secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan tolerance, out string? deliveryKey, out DateTimeOffset timestamp)
    {
        ArgumentNullException.ThrowIfNull(headers);
        deliveryKey = null;
        timestamp = default;
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureCheck.NotConfigured;
        }

        string signature = headers[SignatureHeader].ToString();
        string timestampText = headers[TimestampHeader].ToString();
        if (signature.Length == 0 || timestampText.Length == 0)
        {
            return SignatureCheck.MissingHeaders;
        }

        if (!DateTimeOffset.TryParse(timestampText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp)
            || (timestamp - now).Duration() > tolerance)
        {
            return SignatureCheck.StaleTimestamp;
        }

        Span<byte> provided = stackalloc byte[64];
        if (!Convert.TryFromBase64String(signature, provided, out int length) || length != HMACSHA256.HashSizeInBytes)
        {
            return SignatureCheck.InvalidSignature;
        }

        if (!CryptographicOperations.FixedTimeEquals(Hash(secret, timestampText, body), provided[..length]))
        {
            return SignatureCheck.InvalidSignature;
        }

        // Canonical: the signed timestamp text and the decoded signature bytes, so base64/whitespace variants of one signature are one delivery.
        deliveryKey = $"{timestampText}|{Convert.ToHexStringLower(provided[..length])}";
        return SignatureCheck.Valid;
    }

    private static byte[] Hash(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        byte[] prefix = Encoding.UTF8.GetBytes(timestamp);
        byte[] message = new byte[prefix.Length + body.Length];
        prefix.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(prefix.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), message);
    }
}
