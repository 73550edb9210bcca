using PrivateLink.SupportMatrix;

namespace PrivateLink.ArmEmulator.Tests;

/// <summary>The emulator's defaults come from the support matrix, and the versions it accepts (its model of ARM) include every pin.</summary>
public sealed class SupportMatrixDefaultsTests
{
    [Fact]
    public void AcceptsApiVersion_EveryPinOfTheMatrix_IsAVersionArmServes()
    {
        var pins = DestinationCatalog.ResourceTypes.Select(r => (r.Type, r.ApiVersion)).ToList();
        pins.Add(("Microsoft.Network/privateDnsZones", DestinationCatalog.PrivateDnsApiVersion));
        pins.Add(("Microsoft.Network/privateEndpoints", DestinationCatalog.NetworkApiVersion));

        var refused = pins.Where(p => !TargetCatalog.AcceptsApiVersion(p.Type.Split('/')[0], p.Type.Split('/')[1], p.ApiVersion, out _)).ToList();

        Assert.Empty(refused);
    }

    [Fact]
    public void AcceptsApiVersion_NetworkVersionOnPrivateDnsZones_Refused()
    {
        bool sut = TargetCatalog.AcceptsApiVersion("Microsoft.Network", "privateDnsZones", DestinationCatalog.NetworkApiVersion, out string supported);

        Assert.False(sut);
        Assert.Contains("2024-06-01", supported, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Microsoft.Storage/storageAccounts", null, "Standard_LRS", "blob,table,queue,file,web,dfs")]
    [InlineData("Microsoft.Storage/storageAccounts", null, "Standard_RAGRS", "blob,blob_secondary,table,table_secondary,queue,queue_secondary,file,web,web_secondary,dfs,dfs_secondary")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", "MongoDB", null, "MongoDB")]
    [InlineData("Microsoft.DocumentDB/databaseAccounts", null, null, "Sql")]
    [InlineData("Microsoft.Synapse/workspaces", null, null, "Sql,SqlOnDemand,Dev")]
    [InlineData("Microsoft.Databricks/workspaces", null, null, "databricks_ui_api,browser_authentication")]
    public void DefaultGroupIds_FromTheMatrixSubresources(string resourceType, string? kind, string? sku, string expected)
    {
        IReadOnlyList<string>? sut = TargetCatalog.DefaultGroupIds(resourceType, kind, sku);

        Assert.Equal(expected.Split(','), sut);
    }

    [Fact]
    public void PrivateDnsZones_DefaultIsEveryFixedZoneOfTheMatrix()
    {
        var sut = new ArmEmulatorOptions();

        Assert.Contains("privatelink.postgres.database.azure.com", sut.PrivateDnsZones);
        Assert.Contains(DestinationCatalog.SnowflakePrivateDnsZone, sut.PrivateDnsZones);
        Assert.DoesNotContain(sut.PrivateDnsZones, z => z.Contains('{', StringComparison.Ordinal));
    }
}
