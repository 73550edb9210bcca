using Azure.Core;

namespace PrivateLink.Arm;

/// <summary>The api-version pinned per resource type, so generic calls never read provider metadata first (an extra ARM read).</summary>
internal static class ArmApiVersions
{
    public const string Network = "2024-05-01";

    public static readonly ResourceType PrivateEndpoints = new("Microsoft.Network/privateEndpoints");

    public static readonly ResourceType PrivateLinkServices = new("Microsoft.Network/privateLinkServices");

    /// <summary>Gets the pinned versions: Network 2024-05-01 and each target provider's stable version.</summary>
    public static IReadOnlyDictionary<ResourceType, string> All { get; } = new Dictionary<ResourceType, string>
    {
        [PrivateEndpoints] = Network,
        [PrivateLinkServices] = Network,
        [new ResourceType("Microsoft.Sql/servers")] = "2023-08-01",
        [new ResourceType("Microsoft.Sql/managedInstances")] = "2023-08-01",
        [new ResourceType("Microsoft.DBforPostgreSQL/flexibleServers")] = "2024-08-01",
        [new ResourceType("Microsoft.Storage/storageAccounts")] = "2023-05-01",
        [new ResourceType("Microsoft.Synapse/workspaces")] = "2021-06-01",
        [new ResourceType("Microsoft.Databricks/workspaces")] = "2024-05-01",
        [new ResourceType("Microsoft.ServiceBus/namespaces")] = "2021-11-01",
        [new ResourceType("Microsoft.DocumentDB/databaseAccounts")] = "2024-11-15",
    };

    public static bool TryGet(ResourceType type, out string version)
    {
        // ResourceType compares case-insensitively, as ARM does.
        if (All.TryGetValue(type, out string? found))
        {
            version = found;
            return true;
        }

        version = string.Empty;
        return false;
    }
}
