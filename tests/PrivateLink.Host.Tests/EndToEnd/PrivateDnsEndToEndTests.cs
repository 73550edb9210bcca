using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Host.Demo;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// Private DNS through the runner against the ARM emulator on its defaults: once the customer approved and the address is known,
/// the endpoint gets a <c>privateDnsZoneGroups</c> child naming the support matrix's zone (PUT 201 + <c>Azure-AsyncOperation</c>,
/// polled on durable timers), the status shows each FQDN with its private IP, and offboarding removes the group and its records.
/// </summary>
public sealed class PrivateDnsEndToEndTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string Zone = "privatelink.azuredatabricks.net";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private ArmEmulatorServer _emulator = null!;
    private DemoCertificates _certificates = null!;
    private DemoDestination _destination = null!;
    private InProcessRunner _runner = null!;

    public async Task InitializeAsync()
    {
        // Only the endpoint operations are shortened (40 s by default); the zone group operation keeps the emulator's default.
        _emulator = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions { PrivateIpAddress = "127.0.0.1", OperationDuration = TimeSpan.FromSeconds(3) }, _timeout.Token);
        _certificates = DemoCertificates.Create();
        _destination = await DemoDestination.StartAsync(_certificates, _timeout.Token);
        _runner = await InProcessRunner.StartAsync(ArmSettings(), _timeout.Token, Microsoft.Extensions.Logging.LogLevel.Information);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _destination.DisposeAsync();
        _certificates.Dispose();
        await _emulator.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Onboard_PaasEndpointApproved_ZoneGroupInTheEmulatorAndOffboardRemovesIt()
    {
        string target = $"/subscriptions/{Sub}/resourceGroups/rg-customer/providers/Microsoft.Databricks/workspaces/ws-dns";
        _emulator.SeedTarget(target);
        await SubmitAsync(Request("e2e-dns", target));
        OnboardingView waiting = await WaitForAsync("e2e-dns", v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.Null(_emulator.GetZoneGroupRecords("pe-onboard-e2e-dns")); // nothing is registered before the customer approved
        Assert.True(_emulator.ApproveConnection("pe-onboard-e2e-dns"));

        OnboardingView ready = await _runner.NotifyApprovalUntilAsync("e2e-dns", OnboardingStage.Ready, _timeout.Token);

        IReadOnlyDictionary<string, IReadOnlyList<string>> inEmulator = Assert.IsAssignableFrom<IReadOnlyDictionary<string, IReadOnlyList<string>>>(_emulator.GetZoneGroupRecords("pe-onboard-e2e-dns"));
        KeyValuePair<string, IReadOnlyList<string>> record = Assert.Single(inEmulator);
        Assert.EndsWith("." + Zone, record.Key, StringComparison.Ordinal);
        Assert.Equal(["127.0.0.1"], record.Value);
        PrivateDnsRegistration dns = Assert.IsType<PrivateDnsRegistration>(Assert.Single(ready.Endpoints!).Dns);
        Assert.Null(dns.Warning);
        Assert.False(dns.OwnedByService);
        PrivateDnsRecord shown = Assert.Single(dns.Records);
        Assert.Equal((record.Key, "127.0.0.1", Zone), (shown.Fqdn, Assert.Single(shown.IpAddresses), shown.Zone));
        string recordSetName = record.Key[..^(Zone.Length + 1)];
        Assert.Equal(["127.0.0.1"], _emulator.GetDnsRecord(Zone, recordSetName));

        using HttpResponseMessage offboard = await _runner.Http.DeleteAsync("/api/onboardings/e2e-dns", _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        await WaitForAsync("e2e-dns", v => v.Stage == OnboardingStage.Offboarded && v.RuntimeStatus == "Completed");

        Assert.False(_emulator.PrivateEndpointExists("pe-onboard-e2e-dns"));
        Assert.Null(_emulator.GetZoneGroupRecords("pe-onboard-e2e-dns"));
        Assert.Null(_emulator.GetDnsRecord(Zone, recordSetName));
    }

    private Dictionary<string, string?> ArmSettings() => new()
    {
        ["ArmEmulator:Enabled"] = "false",
        ["ApprovalWatcher:Enabled"] = "false",
        ["Arm:Endpoint"] = _emulator.BaseAddress.ToString(),
        ["Arm:TrustedServerCertificateThumbprint"] = _emulator.CertificateThumbprint,
        ["Arm:SubscriptionId"] = Sub,
        ["Arm:ResourceGroup"] = "rg-privatelink-onboarding",
        ["Arm:Location"] = "eastus",
        ["Arm:SubnetId"] = $"/subscriptions/{Sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe",
    };

    private JsonObject Request(string destinationId, string target) => new()
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = "Databricks",
        ["targetResourceId"] = target,
        ["hostName"] = "localhost",
        ["ports"] = new JsonArray(new JsonObject { ["port"] = _destination.Port }),
        ["approvalTimeout"] = "PT1H",
        ["trustedCaCertificatesPem"] = _certificates.CaPem,
        ["ticketId"] = "E2E-DNS",
    };

    private async Task SubmitAsync(JsonObject request)
    {
        using HttpResponseMessage response = await _runner.Http.PostAsJsonAsync("/api/onboardings", request, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private async Task<OnboardingView> WaitForAsync(string destinationId, Func<OnboardingView, bool> condition)
    {
        OnboardingView? last = null;
        try
        {
            while (true)
            {
                last = await GetAsync(destinationId);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(250, _timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{destinationId} stuck at {last?.Stage}: {last?.Detail}\n{string.Join('\n', _runner.Logs.Lines.TakeLast(60))}");
            throw;
        }
    }

    private Task<OnboardingView> GetAsync(string destinationId) => _runner.GetViewAsync(destinationId, _timeout.Token);
}
