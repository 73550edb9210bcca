using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Tests.Http;
using PrivateLink.Arm;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>The approval watcher against the runner and the ARM emulator: approvals nobody reported are noticed, with constant ARM reads.</summary>
public sealed class ApprovalWatcherTests : IClassFixture<RunnerFactory>
{
    private const string ListPath = "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/privateEndpoints$";
    private readonly RunnerFactory _factory;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(30));

    public ApprovalWatcherTests(RunnerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    [Fact]
    public async Task RunOnceAsync_CustomerApprovedWithoutNotification_RaisesEventsAndOnboardingsEndReady()
    {
        string[] ids = ["watch-a", "watch-b", "watch-c"];
        foreach (string id in ids)
        {
            await SubmitAsync(id);
            await WaitForAsync(id, OnboardingStage.AwaitingApproval);
        }

        _factory.Emulator.ApproveConnection("pe-onboard-watch-a");
        _factory.Emulator.ApproveConnection("pe-onboard-watch-a-dfs"); // ADLS Gen2: both endpoints approved
        _factory.Emulator.ApproveConnection("pe-onboard-watch-c"); // only one of two: still waiting
        _factory.Emulator.RejectConnection("pe-onboard-watch-b", "not expected");
        ApprovalWatcher sut = _factory.Services.GetRequiredService<ApprovalWatcher>();

        ApprovalWatcherPass pass = await sut.RunOnceAsync(_timeout.Token);
        OnboardingView a = await WaitForAsync("watch-a", OnboardingStage.Ready);
        OnboardingView b = await WaitForAsync("watch-b", OnboardingStage.Rejected);
        OnboardingView c = await WaitForAsync("watch-c", OnboardingStage.AwaitingApproval);

        Assert.True(pass.WaitingOnboardings >= 3);
        Assert.True(pass.EventsRaised >= 2);
        Assert.Equal(OnboardingStage.Ready, a.Stage);
        Assert.Equal(OnboardingStage.Rejected, b.Stage);
        Assert.Equal(OnboardingStage.AwaitingApproval, c.Stage);
        Assert.Equal("system:watcher", a.Timeline.Single(t => t.Stage == OnboardingStage.CheckingConnectivity).Actor?.ObjectId);
    }

    [Fact]
    public async Task RunOnceAsync_WatchersResolvedFromTheRunnerPassAfterPass_ShareOneMemorySoOnlyASweepDueReadsEveryOnboarding()
    {
        // The runner resolves a new watcher for every pass: the memory of the last pass (and of the last sweep) is the process's.
        await _factory.Services.GetRequiredService<ApprovalWatcher>().RunOnceAsync(_timeout.Token);
        ApprovalWatcherPass next = await _factory.Services.GetRequiredService<ApprovalWatcher>().RunOnceAsync(_timeout.Token);

        Assert.False(next.HealthSweep, "the pass after a pass swept again: the watcher the runner resolves does not share the process's memory");
    }

    [Fact]
    public async Task RunOnceAsync_TenOrAThousandOwnedEndpoints_ReadsArmWithOneListCall()
    {
        ApprovalWatcher sut = _factory.Services.GetRequiredService<ApprovalWatcher>();
        var tags = new Dictionary<string, string> { ["privatelink-onboarding-owner"] = "privatelink-onboarding" };
        _factory.Emulator.SeedPrivateEndpoints("rg-privatelink-onboarding", Enumerable.Range(0, 10).Select(i => $"pe-seed-{i}"), RunnerFactory.StorageTarget, tags);
        int before = _factory.Emulator.CountRequests("GET", ListPath);
        await sut.RunOnceAsync(_timeout.Token);
        int readsAtTen = _factory.Emulator.CountRequests("GET", ListPath) - before;

        _factory.Emulator.SeedPrivateEndpoints("rg-privatelink-onboarding", Enumerable.Range(10, 980).Select(i => $"pe-seed-{i}"), RunnerFactory.StorageTarget, tags);
        before = _factory.Emulator.CountRequests("GET", ListPath);
        ApprovalWatcherPass pass = await sut.RunOnceAsync(_timeout.Token);
        int readsAtThousand = _factory.Emulator.CountRequests("GET", ListPath) - before;

        Assert.True(pass.OwnedEndpoints >= 990, $"owned endpoints listed: {pass.OwnedEndpoints}");
        Assert.Equal(1, readsAtTen);
        Assert.Equal(1, readsAtThousand);
        Assert.Equal(0, _factory.Emulator.CountRequests("GET", "^/subscriptions/.+/privateEndpoints/pe-seed-"));
    }

    private static OnboardDestinationInput Input(string instanceId) => new(
        instanceId["onboard-".Length..], DestinationType.AzureDataLakeStorage, RunnerFactory.StorageTarget, null, "lake1.dfs.core.windows.net",
        [new PortMapping(443, null)], true, null, TimeSpan.FromHours(1), null);

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

    private Task<OnboardingView> WaitForAsync(string destinationId, OnboardingStage stage) =>
        _client.WaitForViewAsync(destinationId, v => v.Stage == stage, _timeout.Token);
}
