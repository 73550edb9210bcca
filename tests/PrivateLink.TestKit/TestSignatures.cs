using System.Security.Cryptography;
using System.Text;

namespace PrivateLink.TestKit;

/// <summary>Signatures computed from the documented formulas, independently of the code under test.</summary>
public static class TestSignatures
{
    public const string GenericSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string ZendeskSecret = "zendesk-signing-secret-for-tests";
    public const string JiraSecret = "jira-webhook-secret-for-the-tests";

    // Standard Webhooks: "v1," + base64(HMAC-SHA256(base64-decoded key after "whsec_", "{id}.{timestamp}.{body}")).
    public static string Standard(string secret, string id, long timestamp, string body)
    {
        byte[] key = Convert.FromBase64String(secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    // Zendesk: base64(HMAC-SHA256(secret, timestamp + body)).
    public static string Zendesk(string secret, string timestamp, string body) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + body)));

    // Jira: "sha256=" + hex(HMAC-SHA256(secret, body)).
    public static string Jira(string secret, string body) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public static HttpRequestMessage StandardRequest(string body, string id, DateTimeOffset timestamp, string secret = GenericSecret)
    {
        long seconds = timestamp.ToUnixTimeSeconds();
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/tickets") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Standard(secret, id, seconds, body));
        return request;
    }

    public static HttpRequestMessage ZendeskRequest(string body, DateTimeOffset timestamp, string secret = ZendeskSecret, string? signedBody = null)
    {
        string ts = timestamp.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/zendesk") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Zendesk-Webhook-Signature-Timestamp", ts);
        request.Headers.Add("X-Zendesk-Webhook-Signature", Zendesk(secret, ts, signedBody ?? body));
        return request;
    }

    public static HttpRequestMessage JiraRequest(string body, string identifier, string secret = JiraSecret, string? signedBody = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("X-Atlassian-Webhook-Identifier", identifier);
        request.Headers.Add("X-Hub-Signature", Jira(secret, signedBody ?? body));
        return request;
    }
}
