using PrivateLink.SupportMatrix;

namespace PrivateLink.ArmEmulator;

/// <summary>The provider behind a target: decides connection names, customer-side shapes and descriptions.</summary>
internal enum ProviderKind
{
    Other,
    PrivateLinkService,
    Sql,
    PostgreSql,
    Synapse,
    Storage,
    CosmosDb,
    ServiceBus,
}

/// <summary>The resource types of the product's support matrix as the providers answer (see the recorded sessions).</summary>
internal static class TargetCatalog
{
    public const string PrivateLinkServiceType = DestinationCatalog.PrivateLinkServiceType;

    public const string PrivateEndpointType = DestinationCatalog.PrivateEndpointType;

    public const string PrivateDnsZoneType = DestinationCatalog.PrivateDnsZoneType;

    public const string NetworkInterfaceType = "Microsoft.Network/networkInterfaces";

    /// <summary>The api-version the Network operation URLs carry (older than the requests', as recorded).</summary>
    public const string OperationApiVersion = "2022-01-01";

    /// <summary>Microsoft.Network api-versions the emulator accepts (those of the recordings and the adapter's pin, and the ones between).</summary>
    private static readonly HashSet<string> NetworkVersions = new(StringComparer.OrdinalIgnoreCase)
    {
        "2020-07-01", "2020-11-01", "2021-03-01", "2021-05-01", "2021-08-01", "2022-01-01", "2022-05-01", "2022-07-01", "2022-09-01",
        "2022-11-01", "2023-02-01", "2023-04-01", "2023-05-01", "2023-06-01", "2023-09-01", "2023-11-01", "2024-01-01", "2024-03-01",
        "2024-05-01", "2024-07-01", "2024-10-01", "2025-01-01", "2025-03-01", "2025-05-01",
    };

    /// <summary>The api-versions of the private DNS API (<c>Microsoft.Network/privateDnsZones</c>), which has its own.</summary>
    private static readonly HashSet<string> PrivateDnsVersions = new(StringComparer.OrdinalIgnoreCase) { "2018-09-01", "2020-01-01", "2020-06-01", "2024-06-01" };

    private static readonly Dictionary<string, HashSet<string>> ProviderVersions = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Microsoft.Sql"] = new(StringComparer.OrdinalIgnoreCase) { "2018-06-01-preview", "2021-11-01", "2022-05-01-preview", "2023-05-01-preview", "2023-08-01" },
        ["Microsoft.DBforPostgreSQL"] = new(StringComparer.OrdinalIgnoreCase) { "2017-12-01", "2018-06-01", "2022-12-01", "2023-06-01-preview", "2024-08-01" },
        ["Microsoft.Storage"] = new(StringComparer.OrdinalIgnoreCase) { "2019-06-01", "2021-09-01", "2022-09-01", "2023-01-01", "2023-05-01", "2024-01-01", "2025-01-01", "2025-06-01" },
        ["Microsoft.Synapse"] = new(StringComparer.OrdinalIgnoreCase) { "2019-06-01-preview", "2021-06-01" },
        ["Microsoft.Databricks"] = new(StringComparer.OrdinalIgnoreCase) { "2023-02-01", "2024-05-01" },
        ["Microsoft.ServiceBus"] = new(StringComparer.OrdinalIgnoreCase) { "2021-06-01-preview", "2021-11-01", "2022-10-01-preview", "2024-01-01" },
        ["Microsoft.DocumentDB"] = new(StringComparer.OrdinalIgnoreCase) { "2019-08-01-preview", "2021-10-15", "2023-04-15", "2024-05-15", "2024-11-15" },
    };

    /// <summary>Tells whether ARM accepts <paramref name="apiVersion"/> for a path of namespace <paramref name="providerNamespace"/> and type <paramref name="resourceType"/>.</summary>
    public static bool AcceptsApiVersion(string providerNamespace, string? resourceType, string apiVersion, out string supported)
    {
        HashSet<string>? versions = !providerNamespace.Equals("Microsoft.Network", StringComparison.OrdinalIgnoreCase) ? ProviderVersions.GetValueOrDefault(providerNamespace)
            : string.Equals(resourceType, "privateDnsZones", StringComparison.OrdinalIgnoreCase) ? PrivateDnsVersions
            : NetworkVersions;
        supported = versions is null ? string.Empty : string.Join(", ", versions.Order(StringComparer.Ordinal));
        return versions is null || versions.Contains(apiVersion);
    }

    public static ProviderKind ProviderOf(string resourceType) => resourceType.ToUpperInvariant() switch
    {
        "MICROSOFT.NETWORK/PRIVATELINKSERVICES" => ProviderKind.PrivateLinkService,
        "MICROSOFT.SQL/SERVERS" or "MICROSOFT.SQL/MANAGEDINSTANCES" => ProviderKind.Sql,
        "MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS" or "MICROSOFT.DBFORPOSTGRESQL/SERVERS" => ProviderKind.PostgreSql,
        "MICROSOFT.SYNAPSE/WORKSPACES" => ProviderKind.Synapse,
        "MICROSOFT.STORAGE/STORAGEACCOUNTS" => ProviderKind.Storage,
        "MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS" => ProviderKind.CosmosDb,
        "MICROSOFT.SERVICEBUS/NAMESPACES" => ProviderKind.ServiceBus,
        _ => ProviderKind.Other,
    };

    /// <summary>Gets the groupIds each provider lists under <c>privateLinkResources</c> (the support matrix's subresources, as the providers spell them).</summary>
    /// <remarks>Storage: the <c>_secondary</c> ones only on RA-GRS/RA-GZRS. Cosmos DB: the one of the account's API kind.</remarks>
    public static IReadOnlyList<string>? DefaultGroupIds(string resourceType, string? kind = null, string? skuName = null, IReadOnlyList<string>? capabilities = null)
    {
        ResourceTypeSupport? row = DestinationCatalog.FindResourceType(resourceType);
        if (row is null || row.Subresources.Count == 0)
        {
            return null;
        }

        if (ProviderOf(resourceType) == ProviderKind.CosmosDb)
        {
            string apiKind = string.Equals(kind, "MongoDB", StringComparison.OrdinalIgnoreCase) ? "MongoDB"
                : capabilities?.Contains("EnableCassandra", StringComparer.OrdinalIgnoreCase) == true ? "Cassandra"
                : capabilities?.Contains("EnableTable", StringComparer.OrdinalIgnoreCase) == true ? "Table"
                : capabilities?.Contains("EnableGremlin", StringComparer.OrdinalIgnoreCase) == true ? "Gremlin"
                : "Sql";
            return row.Subresources.Where(g => g.GroupId == apiKind).Select(g => g.GroupId).ToList();
        }

        bool geoReadable = skuName is not null && skuName.Contains("RAG", StringComparison.OrdinalIgnoreCase);
        return row.Subresources.Where(g => geoReadable || !g.SecondaryOnly).Select(g => g.GroupId).ToList();
    }

    /// <summary>Gets the FQDNs a private endpoint to <paramref name="name"/> for <paramref name="groupId"/> gets (Cosmos DB: global and regional).</summary>
    public static IReadOnlyList<string> Fqdns(string resourceType, string name, string? groupId, string location) => (resourceType.ToUpperInvariant(), groupId?.ToUpperInvariant()) switch
    {
        ("MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS", "MONGODB") => [$"{name}.mongo.cosmos.azure.com", $"{name}-{location}.mongo.cosmos.azure.com"],
        ("MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS", "CASSANDRA") => [$"{name}.cassandra.cosmos.azure.com", $"{name}-{location}.cassandra.cosmos.azure.com"],
        ("MICROSOFT.DOCUMENTDB/DATABASEACCOUNTS", _) => [$"{name}.documents.azure.com", $"{name}-{location}.documents.azure.com"],
        _ => [Fqdn(resourceType, name, groupId)],
    };

    /// <summary>Gets the FQDN a private endpoint to <paramref name="name"/> for <paramref name="groupId"/> resolves.</summary>
    public static string Fqdn(string resourceType, string name, string? groupId) => (resourceType.ToUpperInvariant(), groupId?.ToUpperInvariant()) switch
    {
        ("MICROSOFT.SQL/SERVERS", _) => $"{name}.database.windows.net",
        ("MICROSOFT.SQL/MANAGEDINSTANCES", _) => $"{name}.a1b2c3d4e5f6.database.windows.net",
        ("MICROSOFT.DBFORPOSTGRESQL/FLEXIBLESERVERS", _) => $"{name}.postgres.database.azure.com",
        ("MICROSOFT.DBFORPOSTGRESQL/SERVERS", _) => $"{name}.postgres.database.azure.com",
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

    /// <summary>Gets the name under which the provider lists an endpoint's connection (as recorded per provider).</summary>
    public static string ConnectionName(ProviderKind provider, string endpointName, string targetName, string resourceGuid, Guid random) => provider switch
    {
        ProviderKind.PrivateLinkService => $"{endpointName}.{resourceGuid}",
        ProviderKind.Sql or ProviderKind.PostgreSql or ProviderKind.Synapse => $"{endpointName}-{random}",
        ProviderKind.Storage => $"{targetName}.{random}",
        ProviderKind.CosmosDb => endpointName,
        ProviderKind.ServiceBus => random.ToString(),
        _ => $"{endpointName}.{random}",
    };

    /// <summary>Gets the description an auto-approved connection shows once created (the PUT answer says <c>Auto Approved</c>).</summary>
    public static string AutoApprovedDescription(ProviderKind provider) => provider switch
    {
        ProviderKind.Sql => "Auto-approved",
        ProviderKind.Storage or ProviderKind.ServiceBus => "Auto-Approved",
        ProviderKind.CosmosDb or ProviderKind.Synapse => string.Empty,
        _ => "Auto Approved",
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
