namespace PrivateLink.ArmEmulator;

/// <summary>The resource types of the product's support matrix: default groupIds and the FQDNs a private endpoint gets.</summary>
internal static class TargetCatalog
{
    public const string PrivateLinkServiceType = "Microsoft.Network/privateLinkServices";

    public const string PrivateEndpointType = "Microsoft.Network/privateEndpoints";

    /// <summary>Gets the groupIds each provider lists under <c>privateLinkResources</c> (names as the providers spell them).</summary>
    public static IReadOnlyList<string>? DefaultGroupIds(string resourceType) => resourceType.ToUpperInvariant() switch
    {
        "MICROSOFT.SQL/SERVERS" => ["sqlServer"],
        "MICROSOFT.SQL/MANAGEDINSTANCES" => ["managedInstance"],
        "MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS" => ["postgresqlServer"],
        "MICROSOFT.STORAGE/STORAGEACCOUNTS" => ["blob", "blob_secondary", "table", "table_secondary", "dfs", "dfs_secondary"],
        "MICROSOFT.SYNAPSE/WORKSPACES" => ["Sql", "SqlOnDemand", "Dev"],
        "MICROSOFT.DATABRICKS/WORKSPACES" => ["databricks_ui_api", "browser_authentication"],
        "MICROSOFT.SERVICEBUS/NAMESPACES" => ["namespace"],
        "MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS" => ["Sql", "MongoDB"],
        _ => null,
    };

    /// <summary>Gets the FQDN a private endpoint to <paramref name="name"/> for <paramref name="groupId"/> resolves.</summary>
    public static string Fqdn(string resourceType, string name, string? groupId) => (resourceType.ToUpperInvariant(), groupId?.ToUpperInvariant()) switch
    {
        ("MICROSOFT.SQL/SERVERS", _) => $"{name}.database.windows.net",
        ("MICROSOFT.SQL/MANAGEDINSTANCES", _) => $"{name}.a1b2c3d4e5f6.database.windows.net",
        ("MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS", _) => $"{name}.postgres.database.azure.com",
        ("MICROSOFT.STORAGE/STORAGEACCOUNTS", string g) when g.EndsWith("_SECONDARY", StringComparison.Ordinal) =>
            $"{name}-secondary.{groupId![..groupId!.IndexOf('_', StringComparison.Ordinal)]}.core.windows.net",
        ("MICROSOFT.STORAGE/STORAGEACCOUNTS", _) => $"{name}.{groupId}.core.windows.net",
        ("MICROSOFT.SYNAPSE/WORKSPACES", "SQLONDEMAND") => $"{name}-ondemand.sql.azuresynapse.net",
        ("MICROSOFT.SYNAPSE/WORKSPACES", "DEV") => $"{name}.dev.azuresynapse.net",
        ("MICROSOFT.SYNAPSE/WORKSPACES", _) => $"{name}.sql.azuresynapse.net",
        ("MICROSOFT.DATABRICKS/WORKSPACES", _) => $"adb-{(uint)StableHash(name)}.azuredatabricks.net",
        ("MICROSOFT.SERVICEBUS/NAMESPACES", _) => $"{name}.servicebus.windows.net",
        ("MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS", "MONGODB") => $"{name}.mongo.cosmos.azure.com",
        ("MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS", _) => $"{name}.documents.azure.com",
        _ => $"{name}.privatelink.example",
    };

    private static int StableHash(string value)
    {
        // FNV-1a: string.GetHashCode is randomised per process.
        unchecked
        {
            int hash = (int)2166136261;
            foreach (char c in value)
            {
                hash = (hash ^ c) * 16777619;
            }

            return hash & 0x7fffffff;
        }
    }
}
