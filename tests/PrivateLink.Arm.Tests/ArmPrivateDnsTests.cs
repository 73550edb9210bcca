using Microsoft.Extensions.Time.Testing;
using PrivateLink.ArmEmulator;

namespace PrivateLink.Arm.Tests;

/// <summary>The adapter's private DNS calls against the emulator on its defaults (zone group operations of 10 s, on a fake clock).</summary>
public sealed class ArmPrivateDnsTests : EmulatorTestBase
{
    private const string SqlZone = "privatelink.database.windows.net";
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    protected override TimeProvider EmulatorClock => clock;

    [Fact]
    public async Task BeginSetPrivateDnsZoneGroupAsync_PolledUntilDone_RecordsWrittenAndGoneWithTheEndpoint()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted created = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(OperationState.Succeeded, (await sut.GetOperationStatusAsync(created.Operation, Timeout)).State);
        clock.Advance(TimeSpan.FromSeconds(6)); // past the 409 AnotherOperationInProgress window after a create

        PrivateEndpointOperation operation = await sut.BeginSetPrivateDnsZoneGroupAsync("pe-dest-1", [SqlZone], Timeout);
        OperationState first = (await sut.GetOperationStatusAsync(operation, Timeout)).State;
        IReadOnlyList<PrivateDnsRecord>? before = await sut.GetPrivateDnsZoneGroupRecordsAsync("pe-dest-1", Timeout);
        clock.Advance(TimeSpan.FromSeconds(11));
        OperationState second = (await sut.GetOperationStatusAsync(operation, Timeout)).State;
        IReadOnlyList<PrivateDnsRecord>? after = await sut.GetPrivateDnsZoneGroupRecordsAsync("pe-dest-1", Timeout);

        Assert.Equal((PrivateEndpointOperationKind.SetDnsZoneGroup, true), (operation.Kind, operation.StatusUrl is not null));
        Assert.Equal((OperationState.InProgress, OperationState.Succeeded), (first, second));
        Assert.Empty(before!);
        PrivateDnsRecord record = Assert.Single(after!);
        Assert.Equal(("sql-customer.privatelink.database.windows.net", SqlZone, "sql-customer"), (record.Fqdn, record.Zone, record.RecordSetName));
        Assert.Equal(["10.0.0.4"], record.IpAddresses);
        Assert.Equal(["10.0.0.4"], Emulator.GetDnsRecord(SqlZone, "sql-customer"));

        PrivateEndpointOperation? delete = await sut.BeginDeletePrivateEndpointAsync("pe-dest-1", Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(OperationState.Succeeded, (await sut.GetOperationStatusAsync(delete!, Timeout)).State);

        Assert.Null(await sut.GetPrivateDnsZoneGroupRecordsAsync("pe-dest-1", Timeout));
        Assert.Null(Emulator.GetDnsRecord(SqlZone, "sql-customer"));
    }

    [Fact]
    public async Task BeginSetPrivateDnsZoneGroupAsync_ZoneNotDeployed_Refused()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut();
        PrivateEndpointCreateStarted created = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(OperationState.Succeeded, (await sut.GetOperationStatusAsync(created.Operation, Timeout)).State);
        clock.Advance(TimeSpan.FromSeconds(6));

        ArmRequestException refused = await Assert.ThrowsAsync<ArmRequestException>(() => sut.BeginSetPrivateDnsZoneGroupAsync("pe-dest-1", ["privatelink.nosuch.example"], Timeout));

        Assert.Equal(400, refused.Status);
    }

    [Fact]
    public async Task BeginSetPrivateDnsZoneGroupAsync_RightAfterTheCreate_TransientAnotherOperationInProgress()
    {
        string targetId = SeedSqlServer();
        ArmPrivateEndpointClient sut = CreateSut(o => o.MaxRetries = 0);
        PrivateEndpointCreateStarted created = await sut.BeginCreatePrivateEndpointAsync(Request(targetId), Timeout);
        clock.Advance(TimeSpan.FromSeconds(41));
        Assert.Equal(OperationState.Succeeded, (await sut.GetOperationStatusAsync(created.Operation, Timeout)).State);

        ArmTransientException busy = await Assert.ThrowsAsync<ArmTransientException>(() => sut.BeginSetPrivateDnsZoneGroupAsync("pe-dest-1", [SqlZone], Timeout));

        Assert.Equal("AnotherOperationInProgress", busy.ErrorCode);
    }

    [Fact]
    public async Task SetARecordAsync_ServicesOwnZone_WrittenThenDeletedOnce()
    {
        Emulator.AddResourceGroup(ResourceGroup);
        ArmPrivateEndpointClient sut = CreateSut();

        PrivateDnsRecord written = await sut.SetARecordAsync("privatelink.snowflakecomputing.com", "acme.west-europe", ["10.0.0.9"], "dest-1", Timeout);
        IReadOnlyList<string>? stored = Emulator.GetDnsRecord("privatelink.snowflakecomputing.com", "acme.west-europe");
        bool deleted = await sut.DeleteARecordAsync("privatelink.snowflakecomputing.com", "acme.west-europe", Timeout);
        bool again = await sut.DeleteARecordAsync("privatelink.snowflakecomputing.com", "acme.west-europe", Timeout);

        Assert.Equal("acme.west-europe.privatelink.snowflakecomputing.com", written.Fqdn);
        Assert.Equal(["10.0.0.9"], stored);
        Assert.Equal((true, false), (deleted, again));
        Assert.Null(Emulator.GetDnsRecord("privatelink.snowflakecomputing.com", "acme.west-europe"));
    }

    [Fact]
    public async Task SetARecordAsync_ZoneNotDeployed_RefusedParentResourceNotFound()
    {
        Emulator.AddResourceGroup(ResourceGroup);
        ArmPrivateEndpointClient sut = CreateSut();

        ArmRequestException refused = await Assert.ThrowsAsync<ArmRequestException>(() => sut.SetARecordAsync("customer.internal", "pg", ["10.0.0.9"], "dest-1", Timeout));

        Assert.Equal((404, "ParentResourceNotFound"), (refused.Status, refused.ErrorCode));
    }
}
