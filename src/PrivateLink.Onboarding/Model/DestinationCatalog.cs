using System.Collections.Frozen;
using PrivateLink.Connectivity;

namespace PrivateLink.Onboarding.Model;

/// <summary>The product's destination support matrix: resource types, groupIds, default port and probe protocol per type.</summary>
public static class DestinationCatalog
{
    /// <summary>The ARM resource type of a Private Link Service.</summary>
    public const string PrivateLinkServiceType = "Microsoft.Network/privateLinkServices";

    private static readonly FrozenDictionary<DestinationType, DestinationProfile> Profiles = new DestinationProfile[]
    {
        new(DestinationType.AzureSqlDatabase, DestinationHosting.AzureHosted, ["Microsoft.Sql/servers"], ["sqlServer"], 1433, ProbeProtocol.Tds),
        new(DestinationType.AzureSqlManagedInstance, DestinationHosting.AzureHosted, ["Microsoft.Sql/managedInstances"], ["managedInstance"], 1433, ProbeProtocol.Tds),
        new(DestinationType.AzurePostgreSql, DestinationHosting.AzureHosted, ["Microsoft.DBforPostgreSQL/flexibleServers"], ["postgresqlServer"], 5432, ProbeProtocol.PostgreSql)
        {
            RefusedResourceTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
            {
                ["Microsoft.DBforPostgreSQL/servers"] = "Azure Database for PostgreSQL Single Server (Microsoft.DBforPostgreSQL/servers) is retired; migrate it to Flexible Server (Microsoft.DBforPostgreSQL/flexibleServers) and onboard that.",
            },
        },

        // ADLS Gen2: clients use dfs, and Microsoft's guidance is endpoints for both dfs and blob (the dfs driver falls back to blob).
        new(DestinationType.AzureDataLakeStorage, DestinationHosting.AzureHosted, ["Microsoft.Storage/storageAccounts"], ["blob", "dfs"], 443, ProbeProtocol.Https)
        {
            EndpointGroupIds = ["blob", "dfs"],
        },
        new(DestinationType.AzureSynapse, DestinationHosting.AzureHosted, ["Microsoft.Synapse/workspaces"], ["Sql", "SqlOnDemand"], 1433, ProbeProtocol.Tds),
        new(DestinationType.Databricks, DestinationHosting.AzureHosted, ["Microsoft.Databricks/workspaces"], ["databricks_ui_api"], 443, ProbeProtocol.Https),
        new(DestinationType.Snowflake, DestinationHosting.AzureHosted, [PrivateLinkServiceType], [], 443, ProbeProtocol.Https),
        new(DestinationType.AzureServiceBus, DestinationHosting.AzureHosted, ["Microsoft.ServiceBus/namespaces"], ["namespace"], 443, ProbeProtocol.Https),

        // Cosmos DB: one groupId per API kind. NoSQL, Table and Gremlin answer HTTPS on 443; the API for MongoDB speaks the MongoDB
        // wire protocol over TLS on 10255.
        new(DestinationType.AzureCosmosDb, DestinationHosting.AzureHosted, ["Microsoft.DocumentDB/databaseAccounts"], ["Sql", "MongoDB", "Table", "Gremlin"], 443, ProbeProtocol.Https)
        {
            GroupIdProbes = [new GroupIdProbe("MongoDB", ProbeProtocol.MongoDb, 10255)],
        },
        new(DestinationType.GenericPostgreSql, DestinationHosting.VmHosted, [PrivateLinkServiceType], [], 5432, ProbeProtocol.PostgreSql),
        new(DestinationType.GenericMySql, DestinationHosting.VmHosted, [PrivateLinkServiceType], [], 3306, ProbeProtocol.MySql),
        new(DestinationType.GenericMariaDb, DestinationHosting.VmHosted, [PrivateLinkServiceType], [], 3306, ProbeProtocol.MySql),
        new(DestinationType.GenericSqlServer, DestinationHosting.VmHosted, [PrivateLinkServiceType], [], 1433, ProbeProtocol.Tds),
    }.ToFrozenDictionary(p => p.Type);

    /// <summary>Gets every profile of the matrix.</summary>
    public static IEnumerable<DestinationProfile> All => Profiles.Values;

    /// <summary>Gets the profile of a destination type.</summary>
    /// <param name="type">The destination type.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type is not in the matrix.</exception>
    public static DestinationProfile Get(DestinationType type) =>
        Profiles.TryGetValue(type, out DestinationProfile? profile)
            ? profile
            : throw new ArgumentOutOfRangeException(nameof(type), type, "The destination type is not in the support matrix.");

    /// <summary>Finds the canonical spelling of a groupId this type allows (ARM compares groupIds case-insensitively).</summary>
    /// <param name="profile">The destination profile.</param>
    /// <param name="groupId">The requested groupId.</param>
    /// <returns>The canonical groupId, or null when the type does not allow it.</returns>
    public static string? CanonicalGroupId(DestinationProfile profile, string groupId) =>
        profile.GroupIds.FirstOrDefault(g => string.Equals(g, groupId, StringComparison.OrdinalIgnoreCase));
}
