using System.Collections.Frozen;
using PrivateLink.Connectivity;

namespace PrivateLink.SupportMatrix;

/// <summary>The destination types of the product's support matrix.</summary>
public enum DestinationType
{
    /// <summary>Azure SQL Database (<c>Microsoft.Sql/servers</c>, groupId <c>sqlServer</c>).</summary>
    AzureSqlDatabase,

    /// <summary>Azure SQL Managed Instance (<c>Microsoft.Sql/managedInstances</c>, groupId <c>managedInstance</c>).</summary>
    AzureSqlManagedInstance,

    /// <summary>Azure Database for PostgreSQL (<c>Microsoft.DBforPostgreSQL/flexibleServers</c>, groupId <c>postgresqlServer</c>).</summary>
    AzurePostgreSql,

    /// <summary>Azure Data Lake Storage (<c>Microsoft.Storage/storageAccounts</c>, groupIds <c>blob</c>, <c>dfs</c>).</summary>
    AzureDataLakeStorage,

    /// <summary>Azure Synapse (<c>Microsoft.Synapse/workspaces</c>, groupIds <c>Sql</c>, <c>SqlOnDemand</c>).</summary>
    AzureSynapse,

    /// <summary>Azure Databricks (<c>Microsoft.Databricks/workspaces</c>, groupId <c>databricks_ui_api</c>).</summary>
    Databricks,

    /// <summary>Snowflake on Azure, through Snowflake's Private Link Service.</summary>
    Snowflake,

    /// <summary>Azure Service Bus (<c>Microsoft.ServiceBus/namespaces</c>, groupId <c>namespace</c>).</summary>
    AzureServiceBus,

    /// <summary>Azure Cosmos DB (<c>Microsoft.DocumentDB/databaseAccounts</c>): groupId <c>Sql</c> (NoSQL, the default), <c>MongoDB</c> (API for MongoDB, port 10255), <c>Table</c> or <c>Gremlin</c>.</summary>
    AzureCosmosDb,

    /// <summary>PostgreSQL on a VM behind a Private Link Service.</summary>
    GenericPostgreSql,

    /// <summary>MySQL on a VM behind a Private Link Service.</summary>
    GenericMySql,

    /// <summary>MariaDB on a VM behind a Private Link Service.</summary>
    GenericMariaDb,

    /// <summary>SQL Server on a VM behind a Private Link Service.</summary>
    GenericSqlServer,
}

/// <summary>How a destination is reached.</summary>
public enum DestinationHosting
{
    /// <summary>An Azure resource exposing Private Link subresources (groupIds), or a provider's Private Link Service.</summary>
    AzureHosted,

    /// <summary>A VM behind the customer's Private Link Service: every port is listed with the IP it forwards to.</summary>
    VmHosted,
}

/// <summary>What the support matrix says about one destination type.</summary>
/// <param name="Type">The destination type.</param>
/// <param name="Hosting">How it is reached.</param>
/// <param name="ResourceTypes">The ARM resource types a target of this type may have (<c>Namespace/type</c>).</param>
/// <param name="GroupIds">The Private Link subresources this type may use, the default first; empty for a Private Link Service.</param>
/// <param name="DefaultPort">The port probed when the request lists none.</param>
/// <param name="Protocol">How the port negotiates TLS.</param>
public sealed record DestinationProfile(
    DestinationType Type,
    DestinationHosting Hosting,
    IReadOnlyList<string> ResourceTypes,
    IReadOnlyList<string> GroupIds,
    int DefaultPort,
    ProbeProtocol Protocol)
{
    /// <summary>Gets a value indicating whether the target is a Private Link Service (no groupId).</summary>
    public bool TargetsPrivateLinkService => GroupIds.Count == 0;

    /// <summary>Gets the groupIds that each need their own endpoint (ADLS Gen2: <c>blob</c> and <c>dfs</c>); empty means one endpoint.</summary>
    public IReadOnlyList<string> EndpointGroupIds { get; init; } = [];

    /// <summary>Gets the groupIds whose clients speak another protocol on another port than the type's default (Cosmos DB for MongoDB).</summary>
    public IReadOnlyList<GroupIdProbe> GroupIdProbes { get; init; } = [];

    /// <summary>Gets the private DNS zone the service writes its own A records in for this Private Link Service type (Snowflake's); null when configured per deployment (VM-hosted) or for a PaaS type.</summary>
    public string? PrivateLinkServiceDnsZone { get; init; }

    /// <summary>Gets the resource types the matrix names but refuses, with the reason (retired services).</summary>
    public IReadOnlyDictionary<string, string> RefusedResourceTypes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the groupIds to create endpoints for, in order: <paramref name="first"/> (or the default) and the others the type needs.</summary>
    /// <param name="first">The requested or discovered groupId; null for the default.</param>
    /// <returns>At least one groupId; empty for a Private Link Service.</returns>
    public IReadOnlyList<string> EndpointGroupIdsFor(string? first)
    {
        if (TargetsPrivateLinkService)
        {
            return [];
        }

        string primary = first is null ? GroupIds[0] : DestinationCatalog.CanonicalGroupId(this, first) ?? first;
        if (!EndpointGroupIds.Contains(primary, StringComparer.OrdinalIgnoreCase))
        {
            return [primary];
        }

        return [primary, .. EndpointGroupIds.Where(g => !string.Equals(g, primary, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>Gets the probe protocol of a groupId.</summary>
    /// <param name="groupId">The groupId; null for the type's default.</param>
    /// <returns>The protocol.</returns>
    public ProbeProtocol ProtocolFor(string? groupId) =>
        GroupIdProbes.FirstOrDefault(p => string.Equals(p.GroupId, groupId, StringComparison.OrdinalIgnoreCase))?.Protocol ?? Protocol;

    /// <summary>Gets the default port of a groupId.</summary>
    /// <param name="groupId">The groupId; null for the type's default.</param>
    /// <returns>The port.</returns>
    public int DefaultPortFor(string? groupId) =>
        GroupIdProbes.FirstOrDefault(p => string.Equals(p.GroupId, groupId, StringComparison.OrdinalIgnoreCase))?.DefaultPort ?? DefaultPort;
}

/// <summary>A groupId whose clients use another protocol and port than its destination type's default.</summary>
/// <param name="GroupId">The groupId.</param>
/// <param name="Protocol">The probe protocol.</param>
/// <param name="DefaultPort">The port probed when the request lists none.</param>
public sealed record GroupIdProbe(string GroupId, ProbeProtocol Protocol, int DefaultPort);

/// <summary>One ARM resource type of the support matrix: the api-version the adapter pins and the Private Link subresources its provider offers.</summary>
/// <param name="Type">The resource type (<c>Namespace/type</c>).</param>
/// <param name="ApiVersion">The provider's stable api-version the adapter reads the resource with.</param>
/// <param name="Subresources">Every groupId the provider lists under <c>privateLinkResources</c> (spelled as the provider spells them), each with its private DNS zone.</param>
public sealed record ResourceTypeSupport(string Type, string ApiVersion, IReadOnlyList<PrivateLinkSubresource> Subresources)
{
    /// <summary>Gets why the product refuses this type (a retired service), or null when a destination type accepts it.</summary>
    public string? RefusedBecause { get; init; }
}

/// <summary>One Private Link subresource (groupId) of a resource type, with the private DNS zone Microsoft documents for it.</summary>
/// <param name="GroupId">The groupId as the provider spells it.</param>
/// <param name="PrivateDnsZone">
/// The zone name from Microsoft's "Azure Private Endpoint private DNS zone values" table; <c>{dnsPrefix}</c> stands for the label the
/// resource's host name carries after its own name (SQL Managed Instance: <c>mi1.a1b2c3d4e5f6.database.windows.net</c>).
/// </param>
/// <param name="SecondaryOnly">True for the <c>_secondary</c> groupIds a Storage account offers only when read-access geo-redundant.</param>
public sealed record PrivateLinkSubresource(string GroupId, string PrivateDnsZone, bool SecondaryOnly = false);

/// <summary>
/// The product's support matrix, the one home of what each destination type is: its resource types with their pinned ARM api-versions,
/// the groupIds each provider offers with their private DNS zones, the groupIds the product accepts, the probe protocol and default port.
/// </summary>
/// <remarks>
/// The validator, the workflow, the ARM adapter's api-version pins and the ARM emulator's defaults (the groupIds a seeded target offers,
/// the zones its endpoints' records go in) all read these tables, so they cannot disagree: an accepted resource type without an
/// api-version, or an accepted groupId its provider does not offer, fails the matrix's own tests.
/// </remarks>
public static class DestinationCatalog
{
    /// <summary>The ARM resource type of a Private Link Service.</summary>
    public const string PrivateLinkServiceType = "Microsoft.Network/privateLinkServices";

    /// <summary>The ARM resource type of a private endpoint.</summary>
    public const string PrivateEndpointType = "Microsoft.Network/privateEndpoints";

    /// <summary>The ARM resource type of a private DNS zone.</summary>
    public const string PrivateDnsZoneType = "Microsoft.Network/privateDnsZones";

    /// <summary>The Microsoft.Network api-version of private endpoints, their DNS zone groups, NICs and Private Link Services.</summary>
    public const string NetworkApiVersion = "2024-05-01";

    /// <summary>The api-version of private DNS zones and their record sets (a separate Microsoft.Network API with its own versions).</summary>
    public const string PrivateDnsApiVersion = "2024-06-01";

    /// <summary>The private DNS zone Snowflake's documentation names for its Private Link host names on Azure.</summary>
    public const string SnowflakePrivateDnsZone = "privatelink.snowflakecomputing.com";

    // Zones: Microsoft's "Azure Private Endpoint private DNS zone values" (Azure public cloud). Subresources: as the providers list them.
    private static readonly FrozenDictionary<string, ResourceTypeSupport> Resources = new ResourceTypeSupport[]
    {
        new(PrivateLinkServiceType, NetworkApiVersion, []),
        new("Microsoft.Sql/servers", "2023-08-01", [new("sqlServer", "privatelink.database.windows.net")]),
        new("Microsoft.Sql/managedInstances", "2023-08-01", [new("managedInstance", "privatelink.{dnsPrefix}.database.windows.net")]),
        new("Microsoft.DBforPostgreSQL/flexibleServers", "2024-08-01", [new("postgresqlServer", "privatelink.postgres.database.azure.com")]),
        new("Microsoft.DBforPostgreSQL/servers", "2017-12-01", [new("postgresqlServer", "privatelink.postgres.database.azure.com")])
        {
            RefusedBecause = "Azure Database for PostgreSQL Single Server (Microsoft.DBforPostgreSQL/servers) is retired; migrate it to Flexible Server (Microsoft.DBforPostgreSQL/flexibleServers) and onboard that.",
        },
        new("Microsoft.Storage/storageAccounts", "2023-05-01",
        [
            new("blob", "privatelink.blob.core.windows.net"), new("blob_secondary", "privatelink.blob.core.windows.net", SecondaryOnly: true),
            new("table", "privatelink.table.core.windows.net"), new("table_secondary", "privatelink.table.core.windows.net", SecondaryOnly: true),
            new("queue", "privatelink.queue.core.windows.net"), new("queue_secondary", "privatelink.queue.core.windows.net", SecondaryOnly: true),
            new("file", "privatelink.file.core.windows.net"),
            new("web", "privatelink.web.core.windows.net"), new("web_secondary", "privatelink.web.core.windows.net", SecondaryOnly: true),
            new("dfs", "privatelink.dfs.core.windows.net"), new("dfs_secondary", "privatelink.dfs.core.windows.net", SecondaryOnly: true),
        ]),
        new("Microsoft.Synapse/workspaces", "2021-06-01",
        [
            new("Sql", "privatelink.sql.azuresynapse.net"), new("SqlOnDemand", "privatelink.sql.azuresynapse.net"), new("Dev", "privatelink.dev.azuresynapse.net"),
        ]),
        new("Microsoft.Databricks/workspaces", "2024-05-01",
        [
            new("databricks_ui_api", "privatelink.azuredatabricks.net"), new("browser_authentication", "privatelink.azuredatabricks.net"),
        ]),
        new("Microsoft.ServiceBus/namespaces", "2021-11-01", [new("namespace", "privatelink.servicebus.windows.net")]),
        new("Microsoft.DocumentDB/databaseAccounts", "2024-11-15",
        [
            new("Sql", "privatelink.documents.azure.com"), new("MongoDB", "privatelink.mongo.cosmos.azure.com"),
            new("Cassandra", "privatelink.cassandra.cosmos.azure.com"), new("Gremlin", "privatelink.gremlin.cosmos.azure.com"),
            new("Table", "privatelink.table.cosmos.azure.com"),
        ]),
    }.ToFrozenDictionary(r => r.Type, StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenDictionary<DestinationType, DestinationProfile> Profiles = new DestinationProfile[]
    {
        new(DestinationType.AzureSqlDatabase, DestinationHosting.AzureHosted, ["Microsoft.Sql/servers"], ["sqlServer"], 1433, ProbeProtocol.Tds),
        new(DestinationType.AzureSqlManagedInstance, DestinationHosting.AzureHosted, ["Microsoft.Sql/managedInstances"], ["managedInstance"], 1433, ProbeProtocol.Tds),
        new(DestinationType.AzurePostgreSql, DestinationHosting.AzureHosted, ["Microsoft.DBforPostgreSQL/flexibleServers"], ["postgresqlServer"], 5432, ProbeProtocol.PostgreSql)
        {
            RefusedResourceTypes = Refusals("Microsoft.DBforPostgreSQL/servers"),
        },

        // ADLS Gen2: clients use dfs, and Microsoft's guidance is endpoints for both dfs and blob (the dfs driver falls back to blob).
        new(DestinationType.AzureDataLakeStorage, DestinationHosting.AzureHosted, ["Microsoft.Storage/storageAccounts"], ["blob", "dfs"], 443, ProbeProtocol.Https)
        {
            EndpointGroupIds = ["blob", "dfs"],
        },
        new(DestinationType.AzureSynapse, DestinationHosting.AzureHosted, ["Microsoft.Synapse/workspaces"], ["Sql", "SqlOnDemand"], 1433, ProbeProtocol.Tds),
        new(DestinationType.Databricks, DestinationHosting.AzureHosted, ["Microsoft.Databricks/workspaces"], ["databricks_ui_api"], 443, ProbeProtocol.Https),
        new(DestinationType.Snowflake, DestinationHosting.AzureHosted, [PrivateLinkServiceType], [], 443, ProbeProtocol.Https)
        {
            PrivateLinkServiceDnsZone = SnowflakePrivateDnsZone,
        },
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

    /// <summary>Gets every resource type of the matrix, accepted or refused, with its api-version and subresources.</summary>
    public static IEnumerable<ResourceTypeSupport> ResourceTypes => Resources.Values;

    /// <summary>Gets the profile of a destination type.</summary>
    /// <param name="type">The destination type.</param>
    /// <returns>The profile.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The type is not in the matrix.</exception>
    public static DestinationProfile Get(DestinationType type) =>
        Profiles.TryGetValue(type, out DestinationProfile? profile)
            ? profile
            : throw new ArgumentOutOfRangeException(nameof(type), type, "The destination type is not in the support matrix.");

    /// <summary>Finds a resource type of the matrix (case-insensitively, as ARM compares them).</summary>
    /// <param name="resourceType">The resource type (<c>Namespace/type</c>).</param>
    /// <returns>The row, or null when the matrix does not name the type.</returns>
    public static ResourceTypeSupport? FindResourceType(string resourceType) => Resources.GetValueOrDefault(resourceType);

    /// <summary>Finds the canonical spelling of a groupId this type allows (ARM compares groupIds case-insensitively).</summary>
    /// <param name="profile">The destination profile.</param>
    /// <param name="groupId">The requested groupId.</param>
    /// <returns>The canonical groupId, or null when the type does not allow it.</returns>
    public static string? CanonicalGroupId(DestinationProfile profile, string groupId)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return profile.GroupIds.FirstOrDefault(g => string.Equals(g, groupId, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Gets the private DNS zone Microsoft documents for a resource type's groupId, for a resource with this host name.</summary>
    /// <param name="resourceType">The target's resource type.</param>
    /// <param name="groupId">The groupId.</param>
    /// <param name="hostName">The host name clients use (fills <c>{dnsPrefix}</c> for SQL Managed Instance).</param>
    /// <returns>The zone name, or null when the matrix has none for it (a Private Link Service, an unknown groupId, a host name without the prefix).</returns>
    public static string? PrivateDnsZoneFor(string resourceType, string groupId, string? hostName)
    {
        PrivateLinkSubresource? subresource = FindResourceType(resourceType)?.Subresources
            .FirstOrDefault(s => string.Equals(s.GroupId, groupId, StringComparison.OrdinalIgnoreCase));
        if (subresource is null)
        {
            return null;
        }

        const string DnsPrefix = "{dnsPrefix}";
        if (!subresource.PrivateDnsZone.Contains(DnsPrefix, StringComparison.Ordinal))
        {
            return subresource.PrivateDnsZone;
        }

        string[] labels = (hostName ?? string.Empty).Split('.');
        return labels.Length > 2 && labels[1].Length > 0 ? subresource.PrivateDnsZone.Replace(DnsPrefix, labels[1].ToLowerInvariant(), StringComparison.Ordinal) : null;
    }

    private static Dictionary<string, string> Refusals(params string[] resourceTypes) =>
        resourceTypes.ToDictionary(t => t, t => Resources[t].RefusedBecause!, StringComparer.OrdinalIgnoreCase);
}
