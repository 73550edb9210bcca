using System.Text.Json;

namespace PrivateLink.Arm;

/// <summary>Reads a Microsoft.Network/privateEndpoints resource (2024-05-01 shape) into <see cref="PrivateEndpointInfo"/>.</summary>
internal static class PrivateEndpointMapper
{
    /// <summary>Maps a whole resource body (<c>{id, name, tags, properties}</c>), as a GET or a list page returns it.</summary>
    public static PrivateEndpointInfo FromResource(JsonElement resource)
    {
        string id = resource.GetProperty("id").GetString() ?? string.Empty;
        string name = resource.TryGetProperty("name", out JsonElement n) ? n.GetString() ?? string.Empty : id[(id.LastIndexOf('/') + 1)..];
        IReadOnlyDictionary<string, string>? tags = ReadTags(resource);
        JsonElement properties = resource.TryGetProperty("properties", out JsonElement p) ? p : default;
        return FromProperties(id, name, tags, properties);
    }

    /// <summary>Maps the <c>properties</c> of an endpoint with its id, name and tags.</summary>
    public static PrivateEndpointInfo FromProperties(string id, string name, IReadOnlyDictionary<string, string>? tags, JsonElement properties)
    {
        string provisioningState = Text(properties, "provisioningState") ?? "Succeeded";

        // Our endpoints carry one manual connection; an auto-approved one appears under privateLinkServiceConnections.
        JsonElement? connection = FirstItem(properties, "manualPrivateLinkServiceConnections") ?? FirstItem(properties, "privateLinkServiceConnections");
        (ConnectionStatus status, string? description, string? actionsRequired) = ReadState(connection);

        var addresses = new List<string>();
        var fqdns = new List<string>();
        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("ipConfigurations", out JsonElement ipConfigurations)
            && ipConfigurations.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement ipConfiguration in ipConfigurations.EnumerateArray())
            {
                AddDistinct(addresses, ipConfiguration.TryGetProperty("properties", out JsonElement ipProperties) ? Text(ipProperties, "privateIPAddress") : null);
            }
        }

        if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("customDnsConfigs", out JsonElement dnsConfigs)
            && dnsConfigs.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement dnsConfig in dnsConfigs.EnumerateArray())
            {
                AddDistinct(fqdns, Text(dnsConfig, "fqdn"));
                if (dnsConfig.TryGetProperty("ipAddresses", out JsonElement ips) && ips.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement ip in ips.EnumerateArray())
                    {
                        AddDistinct(addresses, ip.ValueKind == JsonValueKind.String ? ip.GetString() : null);
                    }
                }
            }
        }

        string? destination = tags is not null && tags.TryGetValue(ArmTags.Destination, out string? d) ? d : null;
        string? nicId = FirstItem(properties, "networkInterfaces") is JsonElement nic ? Text(nic, "id") : null;
        return new PrivateEndpointInfo(id, name, provisioningState, status, description, actionsRequired, addresses, fqdns, destination, nicId);
    }

    /// <summary>Reads a NIC's <c>properties.ipConfigurations[].properties.privateIPAddress</c> (distinct, in order).</summary>
    public static string[] NicAddresses(JsonElement nic)
    {
        var addresses = new List<string>();
        if (nic.ValueKind == JsonValueKind.Object && nic.TryGetProperty("properties", out JsonElement properties)
            && properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty("ipConfigurations", out JsonElement ipConfigurations)
            && ipConfigurations.ValueKind == JsonValueKind.Array)
        {
            foreach (JsonElement ipConfiguration in ipConfigurations.EnumerateArray())
            {
                AddDistinct(addresses, ipConfiguration.TryGetProperty("properties", out JsonElement ipProperties) ? Text(ipProperties, "privateIPAddress") : null);
            }
        }

        return [.. addresses];
    }

    public static IReadOnlyDictionary<string, string>? ReadTags(JsonElement resource)
    {
        if (!resource.TryGetProperty("tags", out JsonElement tags) || tags.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty tag in tags.EnumerateObject())
        {
            result[tag.Name] = tag.Value.ValueKind == JsonValueKind.String ? tag.Value.GetString() ?? string.Empty : tag.Value.GetRawText();
        }

        return result;
    }

    private static (ConnectionStatus Status, string? Description, string? ActionsRequired) ReadState(JsonElement? connection)
    {
        if (connection is not JsonElement c || !c.TryGetProperty("properties", out JsonElement properties)
            || !properties.TryGetProperty("privateLinkServiceConnectionState", out JsonElement state) || state.ValueKind != JsonValueKind.Object)
        {
            return (ConnectionStatus.Pending, null, null);
        }

        ConnectionStatus status = Text(state, "status") switch
        {
            string s when s.Equals("Approved", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Approved,
            string s when s.Equals("Rejected", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Rejected,
            string s when s.Equals("Disconnected", StringComparison.OrdinalIgnoreCase) => ConnectionStatus.Disconnected,
            _ => ConnectionStatus.Pending,
        };

        // Storage spells the third field actionRequired (singular).
        return (status, Text(state, "description"), Text(state, "actionsRequired") ?? Text(state, "actionRequired"));
    }

    private static JsonElement? FirstItem(JsonElement properties, string name) =>
        properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(name, out JsonElement array)
            && array.ValueKind == JsonValueKind.Array && array.GetArrayLength() > 0
            ? array[0]
            : null;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static void AddDistinct(List<string> list, string? value)
    {
        if (!string.IsNullOrEmpty(value) && !list.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            list.Add(value);
        }
    }
}
