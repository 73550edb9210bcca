using System.Text.Json;

namespace PrivateLink.Arm;

/// <summary>Reads a target's <c>privateLinkResources</c> list and a Private Link Service's properties.</summary>
internal static class TargetMapper
{
    /// <summary>Reads the distinct groupIds of a <c>{"value":[{"properties":{"groupId"}}]}</c> list.</summary>
    public static IReadOnlyList<string> GroupIds(JsonElement list)
    {
        var groupIds = new List<string>();
        if (list.TryGetProperty("value", out JsonElement value) && value.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement item in value.EnumerateArray())
            {
                if (item.TryGetProperty("properties", out JsonElement properties)
                    && properties.TryGetProperty("groupId", out JsonElement groupId) && groupId.ValueKind == JsonValueKind.String
                    && groupId.GetString() is { Length: > 0 } g && !groupIds.Contains(g, StringComparer.OrdinalIgnoreCase))
                {
                    groupIds.Add(g);
                }
            }
        }

        return groupIds;
    }

    /// <summary>Reads Cosmos DB's <c>capabilities[].name</c> (e.g. <c>EnableMongo</c>) from a resource's properties.</summary>
    public static IReadOnlyList<string> Capabilities(JsonElement properties)
    {
        var names = new List<string>();
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("capabilities", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement capability in list.EnumerateArray())
            {
                if (capability.ValueKind == JsonValueKind.Object && capability.TryGetProperty("name", out JsonElement name)
                    && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } n)
                {
                    names.Add(n);
                }
            }
        }

        return names;
    }

    /// <summary>Reads alias, auto-approval (is <paramref name="subscriptionId"/> listed) and load balancer frontends.</summary>
    public static PrivateLinkServiceInfo PrivateLinkService(JsonElement properties, string subscriptionId)
    {
        string? alias = properties.TryGetProperty("alias", out JsonElement a) && a.ValueKind == JsonValueKind.String ? a.GetString() : null;
        bool autoApproval = properties.TryGetProperty("autoApproval", out JsonElement approval) && approval.ValueKind == JsonValueKind.Object
            && approval.TryGetProperty("subscriptions", out JsonElement subscriptions) && subscriptions.ValueKind == JsonValueKind.Array
            && subscriptions.EnumerateArray().Any(s => s.ValueKind == JsonValueKind.String
                && (string.Equals(s.GetString(), subscriptionId, StringComparison.OrdinalIgnoreCase) || s.GetString() == "*"));
        var frontends = new List<string>();
        if (properties.TryGetProperty("loadBalancerFrontendIpConfigurations", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement frontend in list.EnumerateArray())
            {
                if (frontend.TryGetProperty("id", out JsonElement id) && id.GetString() is { Length: > 0 } value)
                {
                    frontends.Add(value);
                }
            }
        }

        return new PrivateLinkServiceInfo(alias, autoApproval, frontends);
    }
}
