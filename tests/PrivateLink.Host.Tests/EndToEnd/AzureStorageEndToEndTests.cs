using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host.Demo;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// The real runner on the Azure Storage backend (Azurite started by test.sh), the ARM emulator, the real TLS probe
/// and a local HTTPS destination: an onboarding survives a runner restart while waiting for approval and ends Ready.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageEndToEndTests : IAsyncLifetime
{
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private const string Target = $"/subscriptions/{Sub}/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/e2elake";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private readonly AzuriteTaskHub _hub = new("e2e");
    private ArmEmulatorServer _emulator = null!;
    private DemoCertificates _certificates = null!;
    private DemoDestination _destination = null!;

    public async Task InitializeAsync()
    {
        // This test is about the durable task hub across a restart, not ARM's timing: creates take 3 s instead of the recorded 40 s,
        // and the approval shows at once (with no watcher running, a notification read before ARM shows it would be ignored).
        _emulator = await ArmEmulatorServer.StartAsync(new ArmEmulatorOptions { PrivateIpAddress = "127.0.0.1", OperationDuration = TimeSpan.FromSeconds(3), ConnectionStateLag = TimeSpan.Zero }, _timeout.Token);
        _emulator.SeedTarget(Target);
        _certificates = DemoCertificates.Create();
        _destination = await DemoDestination.StartAsync(_certificates, _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _destination.DisposeAsync();
        _certificates.Dispose();
        await _emulator.DisposeAsync();
        await _hub.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Onboarding_RunnerRestartsWhileWaitingForApproval_EndsReadyWithOneEndpoint()
    {
        JsonObject request = LakeRequest(_certificates.CaPem);

        OnboardingView waiting;
        await using (InProcessRunner first = await StartRunnerAsync())
        {
            HttpClient http = first.Http;
            using HttpResponseMessage submitted = await http.PostAsJsonAsync("/api/onboardings", request, _timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            waiting = await WaitForAsync(http, OnboardingStage.AwaitingApproval);
            await first.App.StopAsync(_timeout.Token);
        }

        _emulator.ApproveConnection("pe-onboard-e2e-lake", "approved while the runner was down");
        _emulator.ApproveConnection("pe-onboard-e2e-lake-dfs", "approved while the runner was down"); // ADLS Gen2: blob and dfs
        OnboardingView ready;
        await using (InProcessRunner second = await StartRunnerAsync())
        {
            HttpClient http = second.Http;
            using HttpResponseMessage notified = await http.PostAsync("/api/onboardings/e2e-lake/approval", null, _timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, notified.StatusCode);
            ready = await WaitForAsync(http, OnboardingStage.Ready);
            await second.App.StopAsync(_timeout.Token);
        }

        Assert.Equal("pe-onboard-e2e-lake", waiting.Endpoint?.Name);
        Assert.Equal(2, ready.Probes!.Count); // one per endpoint (blob, dfs)
        Assert.All(ready.Probes, probe =>
        {
            Assert.Equal(ProbeStatus.Succeeded, probe.Status);
            Assert.False(probe.ClearText);
            Assert.Equal("CN=localhost", probe.Tls?.CertificateSubject);
        });
        Assert.Equal(1, _emulator.CreatedCount("pe-onboard-e2e-lake"));
        Assert.Equal(1, _emulator.CreatedCount("pe-onboard-e2e-lake-dfs"));
        Assert.Equal(
            [OnboardingStage.Validating, OnboardingStage.CreatingEndpoint, OnboardingStage.AwaitingApproval, OnboardingStage.CheckingConnectivity, OnboardingStage.Ready],
            ready.Timeline.Select(t => t.Stage));
    }

    [Fact]
    public async Task Onboarding_CaBundleLargerThanTheCustomStatusColumn_EndsReadyAndKeepsTheWholeBundle()
    {
        // 30 copies of the CA: about 34,000 characters, within the 64 KB request body. As UTF-16 that alone passes the 64 KiB a table
        // column holds (Azurite answers 400 PropertyValueTooLarge, as Azure Storage does), so a custom status carrying it could not
        // be checkpointed.
        string bundle = string.Concat(Enumerable.Repeat(_certificates.CaPem.TrimEnd() + "\n", 30));
        JsonObject request = LakeRequest(bundle);

        await using InProcessRunner runner = await StartRunnerAsync();
        using HttpResponseMessage submitted = await runner.Http.PostAsJsonAsync("/api/onboardings", request, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await WaitForAsync(runner.Http, OnboardingStage.AwaitingApproval);
        _emulator.ApproveConnection("pe-onboard-e2e-lake", "approved");
        _emulator.ApproveConnection("pe-onboard-e2e-lake-dfs", "approved");
        using HttpResponseMessage notified = await runner.Http.PostAsync("/api/onboardings/e2e-lake/approval", null, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, notified.StatusCode);
        OnboardingView ready = await WaitForAsync(runner.Http, OnboardingStage.Ready);

        // Until the run has ended (it still publishes the Ready event) the view is its custom status, compacted to fit; then its output.
        while (ready.RuntimeStatus != "Completed" && !_timeout.IsCancellationRequested)
        {
            await Task.Delay(100, CancellationToken.None);
            ready = await WaitForAsync(runner.Http, OnboardingStage.Ready);
        }

        await runner.App.StopAsync(_timeout.Token);

        Assert.Equal("Completed", ready.RuntimeStatus);
        Assert.True(bundle.Length > 32 * 1024, $"bundle of {bundle.Length} characters");
        Assert.Equal(bundle, ready.Request!.TrustedCaCertificatesPem);
        Assert.All(ready.Probes!, probe => Assert.Equal((ProbeStatus.Succeeded, "CN=localhost"), (probe.Status, probe.Tls?.CertificateSubject)));
    }

    // The data lake both tests onboard, probed on the local TLS destination, whose certificate the given CA bundle lets the probe verify.
    private JsonObject LakeRequest(string trustedCaCertificatesPem) => new()
    {
        ["destinationId"] = "e2e-lake",
        ["destinationType"] = "AzureDataLakeStorage",
        ["targetResourceId"] = Target,
        ["hostName"] = "localhost",
        ["ports"] = new JsonArray(new JsonObject { ["port"] = _destination.Port }),
        ["approvalTimeout"] = "PT1H",
        ["trustedCaCertificatesPem"] = trustedCaCertificatesPem,
    };

    // Messages the stopped runner had dequeued come back after 20 s (the backend's default is 5 minutes).
    private Task<InProcessRunner> StartRunnerAsync() =>
        InProcessRunner.StartAsync(
            new Dictionary<string, string?>(_hub.Settings(visibilityTimeout: TimeSpan.FromSeconds(20)))
            {
                ["ArmEmulator:Enabled"] = "false",
                ["ApprovalWatcher:Enabled"] = "false",
                ["Arm:Endpoint"] = _emulator.BaseAddress.ToString(),
                ["Arm:TrustedServerCertificateThumbprint"] = _emulator.CertificateThumbprint,
                ["Arm:SubscriptionId"] = Sub,
                ["Arm:ResourceGroup"] = "rg-privatelink-onboarding",
                ["Arm:Location"] = "eastus",
                ["Arm:SubnetId"] = $"/subscriptions/{Sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet/subnets/pe",
            },
            _timeout.Token);

    private async Task<OnboardingView> WaitForAsync(HttpClient http, OnboardingStage stage)
    {
        OnboardingView? last = null;
        while (!_timeout.IsCancellationRequested)
        {
            using HttpResponseMessage response = await http.GetAsync("/api/onboardings/e2e-lake", _timeout.Token);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                last = (await response.Content.ReadFromJsonAsync<OnboardingView>(OnboardingJson.Options, _timeout.Token))!;
                Assert.False(last.Stage.IsTerminal() && last.Stage != stage, $"ended {last.Stage}: {last.Detail} {last.Error}");
                if (last.Stage == stage)
                {
                    return last;
                }
            }

            await Task.Delay(100, CancellationToken.None);
        }

        // Say where it stood, so a timeout can be told apart from a wrong result.
        Assert.Fail($"no {stage} within the bound; last seen {last?.Stage} ({last?.RuntimeStatus}, updated {last?.LastUpdatedAtUtc:O}): {last?.Detail}");
        return last!;
    }
}
