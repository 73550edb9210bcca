using System.Text.Json;

namespace PrivateLink.Arm.Tests;

/// <summary>Loads the upstream example payloads copied into Fixtures/ (see Fixtures/NOTICE.md).</summary>
internal static class Fixture
{
    public const string SubscriptionId = "11111111-2222-3333-4444-555555555555";

    /// <summary>Returns the 200 response body, with placeholder subscription ids replaced by a GUID.</summary>
    public static JsonDocument Load200Body(string fileName)
    {
        string text = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", fileName))
            .Replace("/subscriptions/subId/", $"/subscriptions/{SubscriptionId}/", StringComparison.Ordinal)
            .Replace("/subscriptions/subid/", $"/subscriptions/{SubscriptionId}/", StringComparison.Ordinal);
        using JsonDocument example = JsonDocument.Parse(text);
        return JsonDocument.Parse(example.RootElement.GetProperty("responses").GetProperty("200").GetProperty("body").GetRawText());
    }
}
