using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace PrivateLink.Arm;

/// <summary>Maps a subnet GET body (<c>Microsoft.Network/virtualNetworks/subnets</c>) to its free-address count.</summary>
internal static class SubnetMapper
{
    /// <summary>Reads the capacity from a subnet body.</summary>
    /// <param name="subnetId">The subnet asked for (used when the body has no id).</param>
    /// <param name="subnet">The body.</param>
    /// <returns>The capacity.</returns>
    public static SubnetCapacity Capacity(string subnetId, JsonElement subnet)
    {
        string id = subnet.TryGetProperty("id", out JsonElement idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : subnetId;
        JsonElement properties = subnet.TryGetProperty("properties", out JsonElement p) ? p : default;
        List<string> prefixes = [];
        if (properties.ValueKind == JsonValueKind.Object)
        {
            if (properties.TryGetProperty("addressPrefix", out JsonElement single) && single.ValueKind == JsonValueKind.String)
            {
                prefixes.Add(single.GetString()!);
            }

            if (properties.TryGetProperty("addressPrefixes", out JsonElement many) && many.ValueKind == JsonValueKind.Array)
            {
                prefixes.AddRange(many.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(x => !prefixes.Contains(x)));
            }
        }

        int? usable = null;
        foreach (string prefix in prefixes)
        {
            if (UsableIPv4(prefix) is int count)
            {
                usable = (usable ?? 0) + count;
            }
        }

        return new SubnetCapacity(id, prefixes, usable, Count(properties, "ipConfigurations"), Ids(properties, "privateEndpoints"));
    }

    /// <summary>The addresses a NIC may take in an IPv4 prefix: its size less Azure's 5; null for IPv6 or an unreadable prefix.</summary>
    /// <param name="prefix">E.g. <c>10.0.0.0/24</c>.</param>
    /// <returns>E.g. 251.</returns>
    public static int? UsableIPv4(string prefix)
    {
        int slash = prefix.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0
            || !IPAddress.TryParse(prefix[..slash], out IPAddress? network)
            || network.AddressFamily != AddressFamily.InterNetwork
            || !int.TryParse(prefix[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int length)
            || length is < 0 or > 32)
        {
            return null;
        }

        long size = 1L << (32 - length);
        return (int)Math.Min(int.MaxValue, Math.Max(0, size - SubnetCapacity.AzureReservedPerPrefix));
    }

    private static string[] Ids(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.Object && e.TryGetProperty("id", out JsonElement id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : null)
                .OfType<string>()
                .ToArray()
            : [];

    private static int Count(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array) && array.ValueKind == JsonValueKind.Array
            ? array.GetArrayLength()
            : 0;
}
