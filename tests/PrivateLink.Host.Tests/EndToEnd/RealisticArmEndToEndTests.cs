using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PrivateLink.Api;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host.Demo;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// The runner (in-memory engine) against the ARM emulator's recorded-reality defaults (targets in another tenant, status-only
/// signed operations, NIC-only addresses for Private Link Services, 409 windows after creation, eventual consistency), with a
/// real TLS server behind the Private Link Service target. Only the operation duration is shortened (40 s by default) so the
/// suite stays bounded; every wait is still a durable timer of the workflow.
/// </summary>
public sealed class RealisticArmEndToEndTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string Alias = "sf-pvlinksvc-azeastus.7d3c9a51-2b8e-4f6a-9c11-5e0d4b7a2f10.eastus.azure.privatelinkservice";
    private const string PlsId = $"/subscriptions/{Sub}/resourceGroups/rg-snowflake/providers/Microsoft.Network/privateLinkServices/sf-pls";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private ArmEmulatorServer _emulator = null!;
    private DemoCertificates _certificates = null!;
    private DemoDestination _destination = null!;
    private InProcessRunner _runner = null!;

    public async Task InitializeAsync()
    {
        // PrivateIpAddress 127.0.0.1: the NIC's address is where the loopback TLS server listens.
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
    public async Task Snowflake_AliasInAnotherTenant_ReadyThroughTheNicAddressOverTls()
    {
        // The service can see the alias but cannot read the service (another tenant): the preflight says so, the PUT validates.
        _emulator.SeedPrivateLinkService(PlsId, Alias);

        await SubmitAsync(Request("e2e-snow", "Snowflake", Alias));
        OnboardingView waiting = await WaitForAsync("e2e-snow", v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.True(_emulator.ApproveConnection("pe-onboard-e2e-snow", "approved by the Snowflake account admin"));
        OnboardingView ready = await _runner.NotifyApprovalUntilAsync("e2e-snow", OnboardingStage.Ready, _timeout.Token);

        Assert.Empty(waiting.Endpoint!.PrivateIpAddresses); // a Pending PLS endpoint has no address in ARM yet
        Assert.Equal(["127.0.0.1"], ready.Endpoint!.PrivateIpAddresses); // read from the NIC after approval
        Assert.Empty(ready.Endpoint.Fqdns); // customDnsConfigs stay empty for a Private Link Service
        ProbeResult probe = Assert.Single(ready.Probes!);
        Assert.Equal(ProbeStatus.Succeeded, probe.Status);
        Assert.False(probe.ClearText);
        Assert.NotNull(ready.Preflight);

        // localhost, as the connectors would resolve it (the system resolver: /etc/hosts), is the NIC's address.
        Assert.NotNull(probe.NameResolution);
        Assert.True(probe.NameResolution.ResolvesToEndpoint, probe.NameResolution.Detail);
        Assert.Equal("system", probe.NameResolution.Resolver);
    }

    [Fact]
    public async Task PrivateLinkServiceReadableById_AliasNotVisible_ReportedBeforeTheEndpointAndTheRequestGoesOn()
    {
        _emulator.SeedPrivateLinkService(PlsId, Alias, access: TargetAccess.Readable, aliasVisible: false);

        await SubmitAsync(Request("e2e-plsvis", "Snowflake", PlsId));
        OnboardingView waiting = await WaitForAsync("e2e-plsvis", v => v.Stage == OnboardingStage.AwaitingApproval);

        Assert.True(waiting.Preflight!.Readable);
        Assert.False(waiting.Preflight.PrivateLinkServiceVisible);
        Assert.Contains($"Its alias {Alias} is NOT visible to this subscription", waiting.Preflight.Summary, StringComparison.Ordinal);
        Assert.Equal(251, waiting.Preflight.SubnetFreeAddresses);
    }

    [Fact]
    public async Task Databricks_TargetInAnotherTenant_ContinuesWithTheMatrixGroupIdAndReportsIt()
    {
        string target = $"/subscriptions/{Sub}/resourceGroups/rg-customer/providers/Microsoft.Databricks/workspaces/ws1";
        _emulator.SeedTarget(target); // default access: another tenant (401 InvalidAuthenticationTokenTenant)

        await SubmitAsync(Request("e2e-tenant", "Databricks", target));
        OnboardingView waiting = await WaitForAsync("e2e-tenant", v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.True(_emulator.ApproveConnection("pe-onboard-e2e-tenant"));
        OnboardingView ready = await _runner.NotifyApprovalUntilAsync("e2e-tenant", OnboardingStage.Ready, _timeout.Token);

        Assert.False(waiting.Preflight!.Readable);
        Assert.Contains("another Entra tenant", waiting.Preflight.Summary, StringComparison.Ordinal);
        Assert.Contains("databricks_ui_api", waiting.Preflight.Summary, StringComparison.Ordinal);
        Assert.Equal(ProbeStatus.Succeeded, Assert.Single(ready.Probes!).Status);

        // The endpoint subnet was read before the endpoint existed: the emulator's /24, nothing in it yet.
        Assert.Equal(251, waiting.Preflight.SubnetFreeAddresses);
        Assert.StartsWith($"Endpoint subnet /subscriptions/{Sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe (10.0.0.0/24): 251 of 251 addresses free", waiting.Preflight.Subnet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownDestination_AnswersNotFoundAndStartsNoWorkflow()
    {
        // Also the baseline of scripts/census.sh: what the runner executes without an onboarding (its start and one read).
        using HttpResponseMessage response = await _runner.Http.GetAsync(new Uri("/api/onboardings/e2e-unknown", UriKind.Relative), _timeout.Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(_emulator.GetJournal(), e => e.Method is "PUT" or "DELETE");
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

    private JsonObject Request(string destinationId, string type, string target) => new()
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = type,
        ["targetResourceId"] = target,
        ["hostName"] = "localhost",
        ["ports"] = new JsonArray(new JsonObject { ["port"] = _destination.Port }),
        ["approvalTimeout"] = "PT1H",
        ["trustedCaCertificatesPem"] = _certificates.CaPem,
        ["ticketId"] = "E2E-1",
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

                Assert.False(last.Stage.IsTerminal() && last.RuntimeStatus == "Completed", $"{destinationId} ended {last.Stage}: {last.Detail} {last.Error}");
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
