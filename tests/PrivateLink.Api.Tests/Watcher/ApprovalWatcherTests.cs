using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateLink.Api.Tests.Http;
using PrivateLink.Api.Watcher;
using PrivateLink.Arm;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

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

    [Fact]
    public async Task RunOnceAsync_ManyFinishedInstances_ReadsNoneOfThem()
    {
        await SubmitAsync("watch-reads");
        await WaitForAsync("watch-reads", OnboardingStage.AwaitingApproval);
        DurableTaskClient engine = _factory.Services.GetRequiredService<DurableTaskClient>();
        var before = new CountingDurableTaskClient(engine);
        await new ApprovalWatcher(before, _factory.Services.GetRequiredService<IPrivateEndpointClient>(), NullLogger<ApprovalWatcher>.Instance).RunOnceAsync(_timeout.Token);

        // 150 finished onboardings (terminated at once) beside the waiting one: the task hub's history grows, the pass's reads do not.
        string[] finished = [.. Enumerable.Range(0, 150).Select(i => $"onboard-watch-history-{i:D3}")];
        foreach (string id in finished)
        {
            await engine.ScheduleNewOrchestrationInstanceAsync(nameof(OnboardDestinationOrchestrator), Input(id), new StartOrchestrationOptions(id), _timeout.Token);
            await engine.TerminateInstanceAsync(id, cancellation: _timeout.Token);
        }

        foreach (string id in finished)
        {
            while ((await engine.GetInstanceAsync(id, _timeout.Token))?.RuntimeStatus != OrchestrationRuntimeStatus.Terminated)
            {
                await Task.Delay(25, _timeout.Token);
            }
        }

        var after = new CountingDurableTaskClient(engine);
        ApprovalWatcherPass pass = await new ApprovalWatcher(after, _factory.Services.GetRequiredService<IPrivateEndpointClient>(), NullLogger<ApprovalWatcher>.Instance).RunOnceAsync(_timeout.Token);

        Assert.True(pass.WaitingOnboardings >= 1, $"waiting: {pass.WaitingOnboardings}");
        Assert.True(before.InstancesRead >= 1, $"instances read before: {before.InstancesRead}");
        Assert.True(after.InstancesRead <= before.InstancesRead, $"instances read: {before.InstancesRead} with nothing finished, {after.InstancesRead} with 150 finished");
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

    private async Task<OnboardingView> WaitForAsync(string destinationId, OnboardingStage stage)
    {
        while (true)
        {
            OnboardingView? view = await _client.GetFromJsonAsync<OnboardingView>($"/api/onboardings/{destinationId}", OnboardingJson.Options, _timeout.Token);
            if (view?.Stage == stage)
            {
                return view;
            }

            await Task.Delay(25, _timeout.Token);
        }
    }
}
