using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Tests.Http;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>The orphan reconciler against the runner's engine and the ARM emulator, on a fake clock.</summary>
public sealed class OrphanReconcilerTests : IClassFixture<RunnerFactory>, IDisposable
{
    private const string EndpointGroup = "rg-privatelink-onboarding";
    private static readonly TimeSpan Grace = TimeSpan.FromHours(1);
    private readonly RunnerFactory _factory;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeLogger<OrphanReconciler> _logger = new();

    public OrphanReconcilerTests(RunnerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    public void Dispose() => _timeout.Dispose();

    [Fact]
    public async Task RunOnceAsync_EndedOrUnknownDestinations_DeletedOnlyAfterTheGracePeriodAndCounted()
    {
        await OnboardAsync("orph-rejected", decide: e => e.RejectConnection("pe-onboard-orph-rejected", "no"), OnboardingStage.Rejected);
        await OnboardAsync("orph-waiting", decide: null, OnboardingStage.AwaitingApproval);
        await OnboardAsync("orph-ready", decide: e => e.ApproveConnection("pe-onboard-orph-ready") && e.ApproveConnection("pe-onboard-orph-ready-dfs"), OnboardingStage.Ready); // ADLS Gen2: blob and dfs
        // The Rejected workflow deleted its endpoint; this one stands for a cleanup that leaked.
        SeedOwned("pe-onboard-orph-rejected", "orph-rejected");
        SeedOwned("pe-onboard-orph-unknown", "orph-unknown");
        SeedOwned("pe-orph-untagged", destinationId: null);
        using MetricCollector<long> deletions = new(null, OnboardingMetrics.MeterName, "privatelink.reconciler.orphans_deleted");
        OrphanReconciler sut = Create();

        OrphanReconcilerPass first = await sut.RunOnceAsync(_timeout.Token);
        _time.Advance(Grace - TimeSpan.FromMinutes(1));
        OrphanReconcilerPass beforeGraceEnds = await sut.RunOnceAsync(_timeout.Token);
        bool keptDuringGrace = Exists("pe-onboard-orph-rejected") && Exists("pe-onboard-orph-unknown") && Exists("pe-orph-untagged");
        _time.Advance(TimeSpan.FromMinutes(1));
        OrphanReconcilerPass afterGrace = await sut.RunOnceAsync(_timeout.Token);

        Assert.Equal((3, 3, 0), (first.Orphans, first.WithinGracePeriod, first.Deleted));
        Assert.Equal((3, 0), (beforeGraceEnds.WithinGracePeriod, beforeGraceEnds.Deleted));
        Assert.True(keptDuringGrace);
        Assert.Equal((3, 0, 3, 0), (afterGrace.Orphans, afterGrace.WithinGracePeriod, afterGrace.Deleted, afterGrace.DeleteFailed));
        Assert.Equal("Deleting", await ProvisioningStateAsync("pe-onboard-orph-rejected"));
        Assert.Equal("Deleting", await ProvisioningStateAsync("pe-onboard-orph-unknown"));
        Assert.Equal("Deleting", await ProvisioningStateAsync("pe-orph-untagged"));
        Assert.True(Exists("pe-onboard-orph-waiting"));
        Assert.True(Exists("pe-onboard-orph-ready"));
        Assert.Equal(
            ["Rejected", "Unknown", "Unknown"],
            deletions.GetMeasurementSnapshot().Select(m => (string)m.Tags["orphan.reason"]!).Order(StringComparer.Ordinal));
        Assert.Equal(3, _logger.Collector.GetSnapshot().Count(r => r.Id.Id == 4152 && r.Message.Contains("deleted endpoint", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RunOnceAsync_DestinationSubmittedAgainDuringTheGracePeriod_KeepsItsEndpoint()
    {
        await OnboardAsync("orph-again", decide: e => e.RejectConnection("pe-onboard-orph-again", "no"), OnboardingStage.Rejected);
        SeedOwned("pe-onboard-orph-again", "orph-again");
        OrphanReconciler sut = Create();
        OrphanReconcilerPass sighted = await sut.RunOnceAsync(_timeout.Token);

        await SubmitAsync("orph-again");
        await WaitForAsync("orph-again", OnboardingStage.AwaitingApproval);
        _time.Advance(Grace + TimeSpan.FromMinutes(5));
        OrphanReconcilerPass pass = await sut.RunOnceAsync(_timeout.Token);

        Assert.Equal(1, sighted.Orphans);
        Assert.Equal((0, 0), (pass.Orphans, pass.Deleted));
        Assert.True(Exists("pe-onboard-orph-again"));
    }

    [Fact]
    public async Task RunOnceAsync_ArmRefusesTheDelete_CountsTheFailureAndTheNextPassDeletes()
    {
        SeedOwned("pe-onboard-orph-refused", "orph-refused");
        OrphanReconciler sut = Create(TimeSpan.FromMinutes(1));
        await sut.RunOnceAsync(_timeout.Token);
        _time.Advance(TimeSpan.FromMinutes(1));
        _factory.Emulator.AddFault(new ArmFaultRule
        {
            Method = "DELETE", PathPattern = "pe-onboard-orph-refused$", StatusCode = 403, ErrorCode = "AuthorizationFailed", Count = 1,
        });

        OrphanReconcilerPass refused = await sut.RunOnceAsync(_timeout.Token);
        bool keptAfterRefusal = Exists("pe-onboard-orph-refused");
        OrphanReconcilerPass retried = await sut.RunOnceAsync(_timeout.Token);

        Assert.Equal((0, 1), (refused.Deleted, refused.DeleteFailed));
        Assert.True(keptAfterRefusal);
        Assert.Contains(_logger.Collector.GetSnapshot(), r => r.Id.Id == 4153 && r.Message.Contains("AuthorizationFailed", StringComparison.Ordinal));
        Assert.Equal((1, 0), (retried.Deleted, retried.DeleteFailed));
        Assert.Equal("Deleting", await ProvisioningStateAsync("pe-onboard-orph-refused"));
    }

    [Fact]
    public async Task RunOnceAsync_OwnedEndpointOutsideTheConfiguredGroup_NeverACandidate()
    {
        // Listed at subscription scope, but a delete by name would hit the configured group: a same-named endpoint there must survive.
        var tags = new Dictionary<string, string> { [ArmTags.Owner] = "privatelink-onboarding", [ArmTags.Destination] = "orph-elsewhere" };
        _factory.Emulator.SeedPrivateEndpoints("rg-elsewhere", ["pe-onboard-orph-elsewhere"], RunnerFactory.StorageTarget, tags);
        OrphanReconciler sut = Create(TimeSpan.FromMinutes(1));

        await sut.RunOnceAsync(_timeout.Token);
        _time.Advance(TimeSpan.FromMinutes(2));
        OrphanReconcilerPass pass = await sut.RunOnceAsync(_timeout.Token);

        Assert.Equal((0, 0), (pass.Orphans, pass.Deleted));
        Assert.Equal(0, _factory.Emulator.CountRequests("DELETE", "pe-onboard-orph-elsewhere$"));
    }

    private OrphanReconciler Create(TimeSpan? grace = null) => new(
        _factory.Services.GetRequiredService<DurableTaskClient>(),
        _factory.Services.GetRequiredService<IPrivateEndpointClient>(),
        new OrphanSightings(),
        Options.Create(new OrphanReconcilerOptions { GracePeriod = grace ?? Grace }),
        _factory.Services.GetRequiredService<IOptions<ArmOptions>>(),
        _time,
        _logger);

    private bool Exists(string endpointName) => _factory.Emulator.PrivateEndpointExists(endpointName);

    // The reconciler sends the DELETE and does not wait for ARM's operation: right after the pass the endpoint is Deleting.
    private async Task<string?> ProvisioningStateAsync(string endpointName) =>
        (await _factory.Services.GetRequiredService<IPrivateEndpointClient>().GetPrivateEndpointAsync(endpointName, _timeout.Token))?.ProvisioningState;

    private void SeedOwned(string name, string? destinationId)
    {
        var tags = new Dictionary<string, string> { [ArmTags.Owner] = "privatelink-onboarding" };
        if (destinationId is not null)
        {
            tags[ArmTags.Destination] = destinationId;
        }

        _factory.Emulator.SeedPrivateEndpoints(EndpointGroup, [name], RunnerFactory.StorageTarget, tags);
    }

    private async Task OnboardAsync(string destinationId, Func<ArmEmulatorServer, bool>? decide, OnboardingStage expected)
    {
        await SubmitAsync(destinationId);
        await WaitForAsync(destinationId, OnboardingStage.AwaitingApproval);
        if (decide is not null)
        {
            Assert.True(decide(_factory.Emulator));
            using HttpResponseMessage notified = await _client.PostAsync($"/api/onboardings/{destinationId}/approval", null, _timeout.Token);
            Assert.Equal(HttpStatusCode.Accepted, notified.StatusCode);
        }

        await WaitForAsync(destinationId, expected);
    }

    private async Task SubmitAsync(string destinationId)
    {
        var body = new JsonObject
        {
            ["destinationId"] = destinationId,
            ["destinationType"] = "AzureDataLakeStorage",
            ["targetResourceId"] = RunnerFactory.StorageTarget,
            ["hostName"] = "lake1.dfs.core.windows.net",
            ["approvalTimeout"] = "PT1H",
        };
        using HttpResponseMessage response = await _client.PostAsync("/api/onboardings", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private Task WaitForAsync(string destinationId, OnboardingStage stage) => _client.WaitForStageAsync(destinationId, stage, _timeout.Token);
}
