using Azure.Core;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Model;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Model;

public sealed class DestinationCatalogTests
{
    [Fact]
    public void Get_EveryDestinationType_HasAProfile()
    {
        IEnumerable<DestinationType> types = Enum.GetValues<DestinationType>();

        var sut = types.Select(DestinationCatalog.Get).ToList();

        Assert.Equal(Enum.GetValues<DestinationType>().Length, sut.Select(p => p.Type).Distinct().Count());
    }

    [Theory]
    [InlineData(DestinationType.AzureSqlDatabase, "sqlServer", 1433, ProbeProtocol.Tds)]
    [InlineData(DestinationType.AzureSqlManagedInstance, "managedInstance", 1433, ProbeProtocol.Tds)]
    [InlineData(DestinationType.AzurePostgreSql, "postgresqlServer", 5432, ProbeProtocol.PostgreSql)]
    [InlineData(DestinationType.AzureDataLakeStorage, "dfs", 443, ProbeProtocol.Https)]
    [InlineData(DestinationType.AzureSynapse, "SqlOnDemand", 1433, ProbeProtocol.Tds)]
    [InlineData(DestinationType.Databricks, "databricks_ui_api", 443, ProbeProtocol.Https)]
    [InlineData(DestinationType.AzureServiceBus, "namespace", 443, ProbeProtocol.Https)]
    [InlineData(DestinationType.AzureCosmosDb, "Sql", 443, ProbeProtocol.Https)]
    public void Get_AzureHostedType_MatchesTheSupportMatrix(DestinationType type, string groupId, int port, ProbeProtocol protocol)
    {
        DestinationProfile sut = DestinationCatalog.Get(type);

        Assert.Equal(DestinationHosting.AzureHosted, sut.Hosting);
        Assert.Contains(groupId, sut.GroupIds);
        Assert.Equal((port, protocol), (sut.DefaultPort, sut.Protocol));
    }

    [Theory]
    [InlineData(DestinationType.GenericPostgreSql, ProbeProtocol.PostgreSql)]
    [InlineData(DestinationType.GenericMySql, ProbeProtocol.MySql)]
    [InlineData(DestinationType.GenericMariaDb, ProbeProtocol.MySql)]
    [InlineData(DestinationType.GenericSqlServer, ProbeProtocol.Tds)]
    public void Get_VmHostedType_TargetsAPrivateLinkService(DestinationType type, ProbeProtocol protocol)
    {
        DestinationProfile sut = DestinationCatalog.Get(type);

        Assert.Equal(DestinationHosting.VmHosted, sut.Hosting);
        Assert.Equal([DestinationCatalog.PrivateLinkServiceType], sut.ResourceTypes);
        Assert.True(sut.TargetsPrivateLinkService);
        Assert.Equal(protocol, sut.Protocol);
    }

    [Fact]
    public void Get_Snowflake_TargetsSnowflakesPrivateLinkServiceOverHttps()
    {
        DestinationProfile sut = DestinationCatalog.Get(DestinationType.Snowflake);

        Assert.Equal((DestinationHosting.AzureHosted, ProbeProtocol.Https, true), (sut.Hosting, sut.Protocol, sut.TargetsPrivateLinkService));
    }

    [Fact]
    public void Get_EveryAcceptedResourceType_HasAPinnedArmApiVersion()
    {
        // A type the validator accepts but the adapter cannot read ends Failed after submission (PostgreSQL Single Server did).
        string[] accepted = DestinationCatalog.All.SelectMany(p => p.ResourceTypes).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

        string[] unpinned = accepted.Where(t => !ArmApiVersions.TryGet(new ResourceType(t), out _)).ToArray();

        Assert.Empty(unpinned);
    }

    [Fact]
    public void Get_AdlsGen2_NeedsEndpointsForBlobAndDfs()
    {
        DestinationProfile sut = DestinationCatalog.Get(DestinationType.AzureDataLakeStorage);

        Assert.Equal(["blob", "dfs"], sut.EndpointGroupIdsFor(null));
        Assert.Equal(["dfs", "blob"], sut.EndpointGroupIdsFor("DFS"));
    }

    [Theory]
    [InlineData("Sql", ProbeProtocol.Https, 443)]
    [InlineData("MongoDB", ProbeProtocol.MongoDb, 10255)]
    [InlineData("Table", ProbeProtocol.Https, 443)]
    [InlineData("Gremlin", ProbeProtocol.Https, 443)]
    public void Get_CosmosDb_GroupIdPerApiKindWithItsProbe(string groupId, ProbeProtocol protocol, int port)
    {
        DestinationProfile sut = DestinationCatalog.Get(DestinationType.AzureCosmosDb);

        Assert.Contains(groupId, sut.GroupIds);
        Assert.Equal((protocol, port), (sut.ProtocolFor(groupId), sut.DefaultPortFor(groupId)));
    }

    [Fact]
    public void ResourceTypes_EveryAcceptedGroupId_IsOfferedByItsResourceTypeWithAPrivateDnsZone()
    {
        // An accepted groupId the provider does not list would pass validation and fail at the endpoint PUT; one without a zone would get no DNS.
        var missing = DestinationCatalog.All
            .Where(p => !p.TargetsPrivateLinkService)
            .SelectMany(p => p.ResourceTypes.SelectMany(t => p.GroupIds.Select(g => (Type: t, GroupId: g))))
            .Where(x => DestinationCatalog.FindResourceType(x.Type)?.Subresources.Any(s => s.GroupId == x.GroupId && s.PrivateDnsZone.StartsWith("privatelink.", StringComparison.Ordinal)) != true)
            .ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void ResourceTypes_RefusedTypes_HaveAReasonAndNoProfileAcceptsThem()
    {
        ResourceTypeSupport[] refused = DestinationCatalog.ResourceTypes.Where(r => r.RefusedBecause is not null).ToArray();

        Assert.Contains(refused, r => r.Type == "Microsoft.DBforPostgreSQL/servers");
        Assert.DoesNotContain(DestinationCatalog.All.SelectMany(p => p.ResourceTypes), t => refused.Any(r => string.Equals(r.Type, t, StringComparison.OrdinalIgnoreCase)));
        Assert.Equal(refused[0].RefusedBecause, DestinationCatalog.Get(DestinationType.AzurePostgreSql).RefusedResourceTypes["microsoft.dbforpostgresql/servers"]);
    }

    [Theory]
    [InlineData("Microsoft.Sql/servers", "sqlServer", "srv1.database.windows.net", "privatelink.database.windows.net")]
    [InlineData("Microsoft.Sql/managedInstances", "managedInstance", "mi1.a1b2c3d4e5f6.database.windows.net", "privatelink.a1b2c3d4e5f6.database.windows.net")]
    [InlineData("Microsoft.DBforPostgreSQL/flexibleServers", "postgresqlServer", "pg1.postgres.database.azure.com", "privatelink.postgres.database.azure.com")]
    [InlineData("Microsoft.Storage/storageAccounts", "dfs", "lake1.dfs.core.windows.net", "privatelink.dfs.core.windows.net")]
    [InlineData("Microsoft.Storage/storageAccounts", "BLOB", "lake1.blob.core.windows.net", "privatelink.blob.core.windows.net")]
    [InlineData("Microsoft.Synapse/workspaces", "SqlOnDemand", "ws1-ondemand.sql.azuresynapse.net", "privatelink.sql.azuresynapse.net")]
    [InlineData("Microsoft.Databricks/workspaces", "databricks_ui_api", "adb-1.azuredatabricks.net", "privatelink.azuredatabricks.net")]
    [InlineData("Microsoft.ServiceBus/namespaces", "namespace", "sb1.servicebus.windows.net", "privatelink.servicebus.windows.net")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "Sql", "acct.documents.azure.com", "privatelink.documents.azure.com")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "MongoDB", "acct.mongo.cosmos.azure.com", "privatelink.mongo.cosmos.azure.com")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "Gremlin", "acct.gremlin.cosmos.azure.com", "privatelink.gremlin.cosmos.azure.com")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "Table", "acct.table.cosmos.azure.com", "privatelink.table.cosmos.azure.com")]
    public void PrivateDnsZoneFor_MicrosoftsZoneTable(string resourceType, string groupId, string hostName, string zone)
    {
        string? sut = DestinationCatalog.PrivateDnsZoneFor(resourceType, groupId, hostName);

        Assert.Equal(zone, sut);
    }

    [Theory]
    [InlineData("Microsoft.Sql/managedInstances", "managedInstance", "localhost")]
    [InlineData("Microsoft.Sql/servers", "noSuchGroupId", "srv1.database.windows.net")]
    [InlineData("Microsoft.Network/privateLinkServices", "anything", "pg.customer.internal")]
    public void PrivateDnsZoneFor_NoZoneKnown_Null(string resourceType, string groupId, string hostName)
    {
        string? sut = DestinationCatalog.PrivateDnsZoneFor(resourceType, groupId, hostName);

        Assert.Null(sut);
    }

    [Fact]
    public void ArmApiVersions_DeriveFromTheMatrix()
    {
        IReadOnlyDictionary<ResourceType, string> sut = ArmApiVersions.All;

        Assert.All(DestinationCatalog.ResourceTypes, r => Assert.Equal(r.ApiVersion, sut[new ResourceType(r.Type)]));
        Assert.Equal(DestinationCatalog.NetworkApiVersion, sut[new ResourceType(DestinationCatalog.PrivateEndpointType)]);
        Assert.Equal(DestinationCatalog.PrivateDnsApiVersion, sut[new ResourceType(DestinationCatalog.PrivateDnsZoneType)]);
    }
}
