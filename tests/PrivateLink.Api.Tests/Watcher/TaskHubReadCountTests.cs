using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Engine;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>
/// Task-hub reads of the approval watcher and of the list, counted through the Durable client on the in-memory engine with
/// <see cref="Finished"/> finished and <see cref="Waiting"/> waiting onboardings: they follow what waits or changed, not history.
/// </summary>
public sealed class TaskHubReadCountTests : IAsyncLifetime
{
    private const int Finished = 250;
    private const int Waiting = 30;
    private const int Page = OnboardingService.MaxPageSize;
    private static readonly OrchestrationRuntimeStatus[] NotFinished =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private readonly FakeArm _arm = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private IHost _host = null!;
    private CountingDurableTaskClient _client = null!;

    public async Task InitializeAsync()
    {
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddSingleton<IPrivateEndpointClient>(_arm);
        builder.Services.AddSingleton<IPrivateDnsClient>(_arm);
        builder.Services.AddSingleton<IConnectivityProbe>(new FakeProbe());
        builder.Services.AddSingleton<IDestinationEventSink>(new RecordingEventSink());
        builder.Services.AddDurableEngine(ReadSideSeed.AddSeedOrchestrators);
        _host = builder.Build();
        await _host.StartAsync(_timeout.Token);
        DurableTaskClient inner = _host.Services.GetRequiredService<DurableTaskClient>();
        await ReadSideSeed.SeedAsync(inner, Finished, Waiting, _timeout.Token);
        for (int i = 0; i < Finished; i++)
        {
            _arm.SeedEndpoint(EndpointOf(ReadSideSeed.FinishedId(i)), ConnectionStatus.Approved, ReadSideSeed.FinishedId(i));
        }

        for (int i = 0; i < Waiting; i++)
        {
            _arm.SeedEndpoint(EndpointOf(ReadSideSeed.WaitingId(i)), ConnectionStatus.Pending, ReadSideSeed.WaitingId(i));
        }

        _client = new CountingDurableTaskClient(inner);
    }

    public async Task DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Passes_SweepOnStartThenOnlyWhatWaitsOrChanged_ThenSweepAgainAfterTheInterval()
    {
        var options = new HealthWatchOptions { SweepInterval = TimeSpan.FromMinutes(15) };
        var memory = new HealthWatchMemory();
        ApprovalWatcher watcher = new(new OnboardingService(_client), _arm, NullLogger<ApprovalWatcher>.Instance, Options.Create(options), _time, memory);

        // The first pass of the process sweeps every onboarding, without inputs.
        ApprovalWatcherPass first = await watcher.RunOnceAsync(_timeout.Token);
        Assert.True(first.HealthSweep);
        Assert.Equal(Ceiling(Finished + Waiting), _client.Queries.Count);
        Assert.All(_client.Queries, q => Assert.False(q.FetchInputsAndOutputs));
        Assert.Equal(0, _client.ByIdReads);
        Assert.Equal(Waiting, first.WaitingOnboardings);

        // An ordinary pass: one query of the unfinished onboardings, no read by id.
        _client.Reset();
        _time.Advance(TimeSpan.FromMinutes(1));
        ApprovalWatcherPass ordinary = await watcher.RunOnceAsync(_timeout.Token);
        Assert.False(ordinary.HealthSweep);
        Assert.Equal(Ceiling(Waiting), _client.Queries.Count);
        Assert.All(_client.Queries, q => Assert.Equal(NotFinished.Order(), q.Statuses!.Order()));
        Assert.All(_client.Queries, q => Assert.False(q.FetchInputsAndOutputs));
        Assert.Equal(0, _client.ByIdReads);
        Assert.Equal(Waiting, ordinary.WaitingOnboardings);
        Assert.Equal(0, ordinary.ChangedDestinationsRead);

        // One Ready destination's connection rejected, another's endpoint deleted: those two are read by id (and checked), no other.
        _arm.SetStatus(EndpointOf(ReadSideSeed.FinishedId(3)), ConnectionStatus.Rejected, "revoked");
        Assert.NotNull(await _arm.BeginDeletePrivateEndpointAsync(EndpointOf(ReadSideSeed.FinishedId(7)), _timeout.Token));
        _client.Reset();
        _time.Advance(TimeSpan.FromMinutes(1));
        ApprovalWatcherPass changed = await watcher.RunOnceAsync(_timeout.Token);
        Assert.False(changed.HealthSweep);
        Assert.Equal(Ceiling(Waiting), _client.Queries.Count);
        Assert.Equal(2, changed.ChangedDestinationsRead);
        Assert.Equal(1, changed.ReadyDisconnected);
        Assert.Equal(1, changed.EndpointsNotListed);
        Assert.Equal(4, _client.ByIdReads); // each: one read for the pass, one for the health check command

        // Once the sweep interval has passed: every onboarding again.
        _client.Reset();
        _time.Advance(options.SweepInterval.Value);
        ApprovalWatcherPass sweep = await watcher.RunOnceAsync(_timeout.Token);
        Assert.True(sweep.HealthSweep);
        Assert.Equal(Ceiling(Finished + Waiting), _client.Queries.Count);
        Assert.All(_client.Queries, q => Assert.False(q.FetchInputsAndOutputs));
    }

    [Fact]
    public async Task ListByStage_OneQueryOfTheStagesStatusesWithoutInputs_AndTheRequestFromTheDocument()
    {
        IOnboardingQueries queries = new TaskHubOnboardingQueries(_client);

        OnboardingPage waiting = await queries.ListAsync(OnboardingStage.AwaitingApproval, null, Page, _timeout.Token);
        OrchestrationQuery waitingQuery = Assert.Single(_client.Queries);
        Assert.Equal(Waiting, waiting.Items.Count);
        Assert.Null(waiting.ContinuationToken); // the backend filtered by status: the 250 finished were not read
        Assert.Equal(NotFinished.Order(), waitingQuery.Statuses!.Order());
        Assert.False(waitingQuery.FetchInputsAndOutputs);
        Assert.All(waiting.Items, v => Assert.Equal(OnboardingStage.AwaitingApproval, v.Stage));
        Assert.All(waiting.Items, v => Assert.Equal(v.DestinationId, v.Request?.DestinationId));

        _client.Reset();
        OnboardingPage ready = await queries.ListAsync(OnboardingStage.Ready, null, 50, _timeout.Token);
        OrchestrationQuery readyQuery = Assert.Single(_client.Queries);
        Assert.Equal(50, readyQuery.PageSize);
        Assert.Contains(OrchestrationRuntimeStatus.Completed, readyQuery.Statuses!);
        Assert.DoesNotContain(OrchestrationRuntimeStatus.Terminated, readyQuery.Statuses!);
        Assert.False(readyQuery.FetchInputsAndOutputs);
        Assert.InRange(ready.Items.Count, 1, 50); // running instances share those statuses: a page is filtered by stage afterwards
        Assert.All(ready.Items, v => Assert.Equal(OnboardingStage.Ready, v.Stage));
        Assert.All(ready.Items, v => Assert.Equal(v.DestinationId, v.Request?.DestinationId));
        Assert.Equal(0, _client.ByIdReads);
    }

    [Fact]
    public async Task DocumentWithoutRequest_GetFallsBackToTheInput_ListLeavesItOut()
    {
        const string id = "legacy-1";
        await _client.ScheduleNewOrchestrationInstanceAsync(
            ReadSideSeed.Legacy,
            new RecheckInput(ReadSideSeed.Request(id), ReadSideSeed.Document(id, OnboardingStage.Degraded, withRequest: false)),
            new Microsoft.DurableTask.StartOrchestrationOptions("onboard-" + id),
            _timeout.Token);
        await _client.WaitForInstanceCompletionAsync("onboard-" + id, cancellation: _timeout.Token);
        IOnboardingQueries queries = new TaskHubOnboardingQueries(_client);

        OnboardingView? got = await queries.GetAsync(id, _timeout.Token);
        List<OnboardingView> listed = [];
        string? continuation = null;
        do
        {
            OnboardingPage page = await queries.ListAsync(OnboardingStage.Degraded, continuation, Page, _timeout.Token);
            listed.AddRange(page.Items);
            continuation = page.ContinuationToken;
        }
        while (continuation is not null);

        Assert.Equal(OnboardingStage.Degraded, got?.Stage);
        Assert.Equal(id, got?.Request?.DestinationId);
        OnboardingView item = Assert.Single(listed);
        Assert.Equal(id, item.DestinationId);
        Assert.Null(item.Request);
    }

    private static int Ceiling(int instances) => (instances + Page - 1) / Page;

    private static string EndpointOf(string destinationId) => $"pe-onboard-{destinationId}";
}
