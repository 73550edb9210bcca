using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Verifies Jira webhook signatures: <c>X-Hub-Signature: sha256=&lt;hex HMAC-SHA256(secret, raw body)&gt;</c>.</summary>
public static class JiraSignature
{
    /// <summary>The signature header.</summary>
    public const string SignatureHeader = "X-Hub-Signature";

    /// <summary>The delivery identifier header, the same on every retry of a delivery.</summary>
    public const string IdentifierHeader = "X-Atlassian-Webhook-Identifier";

    private const string Prefix = "sha256=";

    /// <summary>Computes the header value Jira sends.</summary>
    /// <param name="secret">The webhook secret.</param>
    /// <param name="body">The raw body.</param>
    /// <returns><c>sha256=</c> and the lower-case hex HMAC.</returns>
    public static string Compute(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>The replay key of a delivery whose signature verified: the SHA-256 of the signed body (the same whichever secret signed it).</summary>
    /// <param name="body">The raw body.</param>
    /// <returns><c>sha256:</c> and the lower-case hex digest.</returns>
    public static string ReplayKey(ReadOnlySpan<byte> body) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body));

    /// <summary>Reads the payload's top-level <c>timestamp</c> (Unix milliseconds, as Jira sends it).</summary>
    /// <param name="body">The raw body (already verified).</param>
    /// <param name="timestamp">The time, when present and valid.</param>
    /// <param name="isObject">False when the body does not even start as a JSON object (the caller answers 400 for that, not 401).</param>
    /// <returns>True when the body is a JSON object with a numeric top-level <c>timestamp</c>.</returns>
    public static bool TryReadTimestamp(ReadOnlySpan<byte> body, out DateTimeOffset timestamp, out bool isObject)
    {
        timestamp = default;
        isObject = false;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            isObject = true;

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                bool isTimestamp = reader.ValueTextEquals("timestamp"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isTimestamp)
                {
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out long milliseconds)
                        || milliseconds < 0 || milliseconds > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
                    {
                        return false;
                    }

                    timestamp = DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
                    return true;
                }

                reader.Skip();
            }
        }
        catch (JsonException)
        {
            return false;
        }

        return false;
    }

    /// <summary>Checks a delivery.</summary>
    /// <param name="secret">The webhook secret; null or empty when not configured.</param>
    /// <param name="headers">The request headers.</param>
    /// <param name="body">The raw body.</param>
    /// <param name="deliveryId">The <c>X-Atlassian-Webhook-Identifier</c>, when present.</param>
    /// <returns>The result; the identifier is required, since without it a redelivery could not be recognised.</returns>
    public static SignatureCheck Verify(string? secret, IHeaderDictionary headers, ReadOnlySpan<byte> body, out string? deliveryId)
    {
        ArgumentNullException.ThrowIfNull(headers);
        deliveryId = null;
        if (string.IsNullOrEmpty(secret))
        {
            return SignatureCheck.NotConfigured;
        }

        string signature = headers[SignatureHeader].ToString();
        string identifier = headers[IdentifierHeader].ToString();
        if (signature.Length == 0 || identifier.Length == 0)
        {
            return SignatureCheck.MissingHeaders;
        }

        deliveryId = identifier;
        if (!signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) || signature.Length != Prefix.Length + (2 * HMACSHA256.HashSizeInBytes))
        {
            return SignatureCheck.InvalidSignature;
        }

        byte[] provided;
        try
        {
            provided = Convert.FromHexString(signature.AsSpan(Prefix.Length));
        }
        catch (FormatException)
        {
            return SignatureCheck.InvalidSignature;
        }

        byte[] expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body);
        return CryptographicOperations.FixedTimeEquals(expected, provided) ? SignatureCheck.Valid : SignatureCheck.InvalidSignature;
    }
}
