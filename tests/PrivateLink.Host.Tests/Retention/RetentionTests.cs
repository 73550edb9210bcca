using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using DurableTask.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Tests.Http;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Host.Tests.Retention;

/// <summary>History retention on the runner's in-memory engine, on a clock moved past the age: what is purged, what is kept, and what the API reads afterwards.</summary>
public sealed class RetentionTests : IClassFixture<RunnerFactory>
{
    private readonly RunnerFactory _factory;
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));

    public RetentionTests(RunnerFactory factory)
    {
        _factory = factory;
        _client = factory.CreateClient();
    }

    private DurableTaskClient TaskHub => _factory.Services.GetRequiredService<DurableTaskClient>();

    [Fact]
    public async Task RunOnceAsync_CancelledPastTheAge_PurgedAndReadFromTheRecord_ResubmissionRunsAndIsListedOnce()
    {
        OnboardingView before = await CancelledAsync("ret-gone");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        HistoryRetention sut = Retention(clock);

        RetentionPass early = await sut.RunOnceAsync(_timeout.Token);
        bool keptWhileYoung = await TaskHub.GetInstanceAsync("onboard-ret-gone", _timeout.Token) is not null;
        clock.Advance(TimeSpan.FromDays(91));
        RetentionPass pass = await sut.RunOnceAsync(_timeout.Token);
        OrchestrationMetadata? purged = await TaskHub.GetInstanceAsync("onboard-ret-gone", _timeout.Token);
        OnboardingView record = (await _client.GetFromJsonAsync<OnboardingView>("/api/onboardings/ret-gone", OnboardingJson.Options, _timeout.Token))!;
        List<OnboardingView> listedAfterPurge = await ListAllAsync(pageSize: 2);
        List<OnboardingView> cancelledOnly = await ListAllAsync(pageSize: 100, stage: "Cancelled");

        using HttpResponseMessage resubmit = await PostAsync(Request("ret-gone"));
        OnboardingView rerun = await _client.WaitForStageAsync("ret-gone", OnboardingStage.AwaitingApproval, _timeout.Token);
        List<OnboardingView> listedAfterResubmit = await ListAllAsync(pageSize: 1);

        Assert.Equal(0, early.Purged);
        Assert.True(keptWhileYoung);
        Assert.True(pass.Purged >= 1, $"purged: {pass.Purged}");
        Assert.Null(purged);
        Assert.Equal(OnboardingStage.Cancelled, record.Stage);
        Assert.Equal(before.Timeline.Select(t => t.Stage), record.Timeline.Select(t => t.Stage));
        Assert.Equal(before.Endpoints!.Select(e => e.HostName), record.Endpoints!.Select(e => e.HostName));
        Assert.Equal(before.Endpoint!.Name, record.Endpoint!.Name);
        Assert.Equal(before.Request!.TargetResourceId, record.Request!.TargetResourceId);
        Assert.Single(listedAfterPurge, v => v.DestinationId == "ret-gone");
        Assert.Single(cancelledOnly, v => v.DestinationId == "ret-gone");
        Assert.Equal(HttpStatusCode.Accepted, resubmit.StatusCode);
        Assert.Equal(OnboardingStage.AwaitingApproval, rerun.Stage);
        OnboardingView listed = Assert.Single(listedAfterResubmit, v => v.DestinationId == "ret-gone");
        Assert.Equal(OnboardingStage.AwaitingApproval, listed.Stage);
    }

    [Fact]
    public async Task RunOnceAsync_ReadyPastTheAge_IsKeptForTheHealthWatch()
    {
        await SubmitAndWaitAsync("ret-ready");
        _factory.Emulator.ApproveConnection("pe-onboard-ret-ready");
        _factory.Emulator.ApproveConnection("pe-onboard-ret-ready-dfs");
        using HttpResponseMessage approval = await _client.PostAsync("/api/onboardings/ret-ready/approval", null, _timeout.Token);
        await _client.WaitForViewAsync("ret-ready", v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed", _timeout.Token);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(TimeSpan.FromDays(91));

        RetentionPass pass = await Retention(clock).RunOnceAsync(_timeout.Token);

        Assert.Equal(HttpStatusCode.Accepted, approval.StatusCode);
        Assert.True(pass.Kept >= 1, $"kept: {pass.Kept}");
        Assert.NotNull(await TaskHub.GetInstanceAsync("onboard-ret-ready", _timeout.Token));
        Assert.Null(await _factory.Services.GetRequiredService<IDestinationRecordStore>().GetAsync("ret-ready", _timeout.Token));
    }

    [Fact]
    public async Task RunOnceAsync_RecordCannotBeWritten_KeepsTheInstance()
    {
        await CancelledAsync("ret-unwritable");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(TimeSpan.FromDays(91));
        HistoryRetention sut = ActivatorUtilities.CreateInstance<HistoryRetention>(_factory.Services, clock, TaskHub, new FailingRecordStore());

        RetentionPass pass = await sut.RunOnceAsync(_timeout.Token);
        OrchestrationMetadata? instance = await TaskHub.GetInstanceAsync("onboard-ret-unwritable", _timeout.Token);
        OnboardingView view = (await _client.GetFromJsonAsync<OnboardingView>("/api/onboardings/ret-unwritable", OnboardingJson.Options, _timeout.Token))!;

        Assert.True(pass.Failed >= 1, $"failed: {pass.Failed}");
        Assert.Equal(0, pass.Purged);
        Assert.NotNull(instance);
        Assert.Equal(OnboardingStage.Cancelled, view.Stage);
        Assert.Equal("Completed", view.RuntimeStatus);
    }

    [Fact]
    public async Task NewRunOnTheSameInstanceId_InMemoryBackend_KeepsOnlyTheLatestRun()
    {
        IOrchestrationServiceClient core = _factory.Services.GetRequiredService<IOrchestrationServiceClient>();
        await CancelledAsync("ret-twice");
        string firstExecution = (await core.GetOrchestrationStateAsync("onboard-ret-twice", allExecutions: false))[0].OrchestrationInstance.ExecutionId;

        await CancelledAsync("ret-twice");
        IList<OrchestrationState> executions = await core.GetOrchestrationStateAsync("onboard-ret-twice", allExecutions: true);

        // The in-memory service keeps one state per instance id (its history API is not implemented): the new run replaced the earlier one.
        OrchestrationState latest = Assert.Single(executions);
        Assert.NotEqual(firstExecution, latest.OrchestrationInstance.ExecutionId);
    }

    [Theory]
    [InlineData("x.abc")]
    [InlineData("r.%%%")]
    [InlineData("t.")]
    [InlineData("t.forged")]
    public async Task List_ForgedToken_Returns400NamingTheToken(string token)
    {
        using HttpResponseMessage response = await _client.GetAsync($"/api/onboardings?continuationToken={Uri.EscapeDataString(token)}", _timeout.Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonObject>(_timeout.Token))!["errors"]!.AsObject().ContainsKey("continuationToken"));
    }

    private HistoryRetention Retention(TimeProvider clock) =>
        ActivatorUtilities.CreateInstance<HistoryRetention>(_factory.Services, clock, TaskHub);

    private async Task<OnboardingView> CancelledAsync(string destinationId)
    {
        await SubmitAndWaitAsync(destinationId);
        using HttpResponseMessage cancel = await _client.PostAsync($"/api/onboardings/{destinationId}/cancel", null, _timeout.Token);
        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        return await _client.WaitForStageAsync(destinationId, OnboardingStage.Cancelled, _timeout.Token);
    }

    private async Task SubmitAndWaitAsync(string destinationId)
    {
        using HttpResponseMessage submitted = await PostAsync(Request(destinationId));
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        await _client.WaitForStageAsync(destinationId, OnboardingStage.AwaitingApproval, _timeout.Token);
    }

    private async Task<List<OnboardingView>> ListAllAsync(int pageSize, string? stage = null)
    {
        var all = new List<OnboardingView>();
        string? token = null;
        int pages = 0;
        do
        {
            string url = $"/api/onboardings?pageSize={pageSize}" + (stage is null ? string.Empty : $"&stage={stage}")
                + (token is null ? string.Empty : $"&continuationToken={Uri.EscapeDataString(token)}");
            OnboardingPage page = (await _client.GetFromJsonAsync<OnboardingPage>(url, OnboardingJson.Options, _timeout.Token))!;
            all.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null && pages < 1000);

        Assert.Null(token);
        return all;
    }

    private static JsonObject Request(string destinationId) => new()
    {
        ["destinationId"] = destinationId,
        ["destinationType"] = "AzureDataLakeStorage",
        ["targetResourceId"] = RunnerFactory.StorageTarget,
        ["hostName"] = "lake1.dfs.core.windows.net",
        ["approvalTimeout"] = "PT1H",
    };

    private Task<HttpResponseMessage> PostAsync(JsonObject body) =>
        _client.PostAsync("/api/onboardings", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"), _timeout.Token);

    private sealed class FailingRecordStore : IDestinationRecordStore
    {
        public Task SaveAsync(OnboardingView view, CancellationToken cancellationToken) => throw new InvalidOperationException("The record table is unreachable.");

        public Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken) => Task.FromResult<OnboardingView?>(null);

        public Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken) =>
            Task.FromResult(new OnboardingPage([], null));

        public Task RemoveAsync(string destinationId, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
