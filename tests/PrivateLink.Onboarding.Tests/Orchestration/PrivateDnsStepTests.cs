using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Tests.Support;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Tests.Orchestration;

/// <summary>Private DNS in the workflow: a zone group per PaaS endpoint, the service's own A record for a Private Link Service, removed on offboard.</summary>
public sealed class PrivateDnsStepTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string TargetId = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/pg1";
    private const string SnowflakeAlias = "sf-pvlinksvc-azwesteurope.1b2c3d4e-0000-4000-8000-00000000abcd.westeurope.azure.privatelinkservice";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private WorkflowHarness _harness = null!;

    public async Task InitializeAsync()
    {
        _harness = await WorkflowHarness.StartAsync();
        _harness.Arm.AddTarget(TargetId, "Microsoft.DBforPostgreSQL/flexibleServers", ["postgresqlServer"]);
        _harness.Arm.AutoApprovalStatus = nameof(ConnectionStatus.Approved);
    }

    public async Task DisposeAsync()
    {
        await _harness.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task RunAsync_PaasEndpointReady_ZoneGroupOnTheMatrixZoneAndRecordsInTheStatus()
    {
        OnboardDestinationInput input = Input("dst-dns-pg");

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        Assert.Equal(["privatelink.postgres.database.azure.com"], _harness.Arm.ZoneGroups[input.EndpointName]);
        PrivateDnsRegistration dns = Assert.IsType<PrivateDnsRegistration>(Assert.Single(status.Endpoints!).Dns);
        Assert.Null(dns.Warning);
        PrivateDnsRecord record = Assert.Single(dns.Records);
        Assert.Equal(("privatelink.postgres.database.azure.com", "127.0.0.1", false), (record.Zone, Assert.Single(record.IpAddresses), dns.OwnedByService));
        Assert.Empty(_harness.Arm.Records);
    }

    [Fact]
    public async Task RunAsync_SnowflakeReady_OwnARecordInSnowflakesZoneRemovedOnOffboard()
    {
        OnboardDestinationInput input = Input("dst-dns-snow") with
        {
            DestinationType = DestinationType.Snowflake,
            TargetResourceId = SnowflakeAlias,
            HostName = "acme.west-europe.privatelink.snowflakecomputing.com",
            Ports = [new PortMapping(443, null)],
        };

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        PrivateDnsRecord written = Assert.Single(_harness.Arm.Records.Values);
        Assert.Equal(("acme.west-europe.privatelink.snowflakecomputing.com", DestinationCatalog.SnowflakePrivateDnsZone, "acme.west-europe"), (written.Fqdn, written.Zone, written.RecordSetName));
        PrivateDnsRegistration dns = Assert.IsType<PrivateDnsRegistration>(Assert.Single(status.Endpoints!).Dns);
        Assert.True(dns.OwnedByService);
        Assert.Empty(_harness.Arm.ZoneGroups);

        await _harness.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OffboardDestinationOrchestrator), new RecheckInput(input, status), new StartOrchestrationOptions("offboard-dst-dns-snow"), _timeout.Token);
        OrchestrationMetadata offboarded = await _harness.Client.WaitForInstanceCompletionAsync("offboard-dst-dns-snow", getInputsAndOutputs: true, _timeout.Token);

        Assert.Equal(OnboardingStage.Offboarded, offboarded.ReadCustomStatusAs<OnboardingStatus>()!.Stage);
        Assert.Empty(_harness.Arm.Records);
        Assert.False(_harness.Arm.Exists(input.EndpointName));
    }

    [Fact]
    public async Task RunAsync_VmHostedWithoutAConfiguredZone_ReadyWithAWarningAndNoRecord()
    {
        string pls = $"/subscriptions/{Sub}/resourceGroups/rg-vm/providers/Microsoft.Network/privateLinkServices/pls-pg";
        _harness.Arm.MakeUnreadable(pls); // the customer's Private Link Service is in another tenant: the PUT validates
        OnboardDestinationInput input = Input("dst-dns-vm") with
        {
            DestinationType = DestinationType.GenericPostgreSql,
            TargetResourceId = pls,
            HostName = "pg.customer.internal",
            Ports = [new PortMapping(5432, "10.1.0.4")],
        };

        OnboardingStatus status = await RunToEndAsync(input);

        Assert.Equal(OnboardingStage.Ready, status.Stage);
        PrivateDnsRegistration dns = Assert.IsType<PrivateDnsRegistration>(Assert.Single(status.Endpoints!).Dns);
        Assert.Empty(dns.Records);
        Assert.Contains("PrivateDns:PrivateLinkServiceZone", dns.Warning, StringComparison.Ordinal);
        Assert.Empty(_harness.Arm.Records);
    }

    private async Task<OnboardingStatus> RunToEndAsync(OnboardDestinationInput input)
    {
        await _harness.StartOnboardingAsync(input, _timeout.Token);
        OrchestrationMetadata done = await _harness.WaitForCompletionAsync(input, _timeout.Token);
        return done.ReadCustomStatusAs<OnboardingStatus>()!;
    }

    private static OnboardDestinationInput Input(string destinationId) => new(
        destinationId,
        DestinationType.AzurePostgreSql,
        TargetId,
        null,
        "pg1.postgres.database.azure.com",
        [new PortMapping(5432, null)],
        true,
        "SUP-1",
        TimeSpan.FromMinutes(10),
        null,
        Limits: WorkflowTestLimits.Fast);
}
