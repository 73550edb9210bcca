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
}
