// Engine benchmark: how fast the runner's wiring runs the workflow, on the in-memory engine and on Azure Storage (Azurite).
// Usage: dotnet run -c Release --project bench/PrivateLink.Bench.Engine -- [--count N] [--azurite-count N] [--sequential M] [--skip-wiring] [--extended-sessions] [--repeat-azurite] | --parked N
// Azurite runs only when AZURITE_CONNECTION_STRING is set (bench/engine.sh starts Azurite and sets it).
// --parked N: parks N onboardings waiting for approval (in-memory engine), reports memory and the approval watcher's cycle time.
using System.Diagnostics;
using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Bench.Engine;
using PrivateLink.Connectivity;
using PrivateLink.Engine;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

int count = Arg("--count", 1000);
int azuriteCount = Arg("--azurite-count", 200);
int sequential = Arg("--sequential", 20);
int parked = Arg("--parked", 0);
string? azurite = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING");
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(20));
var results = new ReportingList();
StorageCountingProxy? storage = null;

if (parked > 0)
{
    await ParkedAsync(parked);
    return 0;
}

Console.WriteLine($"engine benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, in-memory n={count}, azurite n={(azurite is null ? "skipped (AZURITE_CONNECTION_STRING not set)" : azuriteCount)}");

// 1. Wiring: the runner's shim on TaskHubWorker vs the gRPC sidecar test host, same trivial workload.
if (!args.Contains("--skip-wiring"))
{
    await using (ShimEngine shim = await ShimEngine.StartAsync(null, "benchwiring"))
    {
        results.Add(await SequentialAsync("shim+TaskHubWorker, in-memory, sequential", shim.Client, sequential, cts.Token));
        results.Add(await shim.ShapeAsync("shim+TaskHubWorker, in-memory, trivial", "shape-", count, 200, cts.Token));
    }

    using ILoggerFactory quiet = LoggerFactory.Create(b => b.SetMinimumLevel(LogLevel.Error));
    Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Error");
    await using (DurableTaskTestHost grpc = await DurableTaskTestHost.StartAsync(
        r => r.AddOrchestrator<ShapeOrchestrator>().AddActivity<NoopActivity>(),
        new DurableTaskTestHostOptions { LoggerFactory = quiet }))
    {
        results.Add(await SequentialAsync("gRPC sidecar (DurableTaskTestHost), sequential", grpc.Client, sequential, cts.Token));
        results.Add(await Driver.RunAsync("gRPC sidecar (DurableTaskTestHost), trivial", Math.Min(count, 200), 50, i => grpc.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ShapeOrchestrator), i, new StartOrchestrationOptions($"grpc-{i}")), id => grpc.Client.RaiseEventAsync(id, ShapeOrchestrator.Go, 1), Observe(grpc.Client, "grpc-"), cts.Token));
    }
}

// 2. Backends: trivial (shim and bare DurableTask.Core) and the onboarding workflow.
// On Azurite every storage request goes through a counting proxy, so each run's requests per orchestration are known; each run
// has its own task hubs, deleted when it ends, so no run leaves tables or queues behind for the next one to share Azurite with.
await BackendAsync("in-memory", null, count);
if (azurite is not null)
{
    await using StorageCountingProxy proxy = StorageCountingProxy.Start(azurite);
    storage = proxy;
    await BackendAsync("azurite", proxy.ConnectionString, azuriteCount);
    if (args.Contains("--repeat-azurite"))
    {
        await BackendAsync("azurite (again)", proxy.ConnectionString, azuriteCount);
    }

    storage = null;
}

Console.WriteLine();
foreach (RunResult r in results)
{
    Console.WriteLine(r);
}

Ratio("shim/core overhead, in-memory (trivial, time)", "shim trivial, in-memory", "bare DurableTask.Core trivial, in-memory");
Ratio("onboarding/trivial, in-memory (time)", "onboarding workflow, in-memory", "shim trivial, in-memory");
Ratio("shim/core overhead, azurite (trivial, time)", "shim trivial, azurite", "bare DurableTask.Core trivial, azurite");
Ratio("onboarding/trivial, azurite (time)", "onboarding workflow, azurite", "shim trivial, azurite");
Ratio("onboarding/bare Core, azurite (time)", "onboarding workflow, azurite", "bare DurableTask.Core trivial, azurite");
StorageRatio("storage requests, shim/bare Core (trivial, same shape)", "shim trivial, azurite", "bare DurableTask.Core trivial, azurite");
StorageRatio("storage requests, onboarding/bare Core trivial", "onboarding workflow, azurite", "bare DurableTask.Core trivial, azurite");
Ratio("gRPC sidecar / shim, sequential latency", "gRPC sidecar (DurableTaskTestHost), sequential", "shim+TaskHubWorker, in-memory, sequential", useP50: true);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
return 0;

async Task ParkedAsync(int n)
{
    // N onboardings parked waiting for approval on the in-memory engine, then the watcher's cycle time.
    var arm = new ParkingArm();
    await using ShimEngine engine = await ShimEngine.StartAsync(null, "benchparked", arm);
    var clock = Stopwatch.StartNew();
    using (var gate = new SemaphoreSlim(200))
    {
        await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
        {
            await gate.WaitAsync(cts.Token);
            try
            {
                OnboardDestinationInput input = ShimEngine.Input(i);
                await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(OnboardDestinationOrchestrator), input, new StartOrchestrationOptions(input.InstanceId), cts.Token);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    while (arm.Created < n)
    {
        await Task.Delay(100, cts.Token);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"parked {n} onboardings (endpoints created, waiting for approval) in {clock.Elapsed.TotalSeconds:F1} s"));
    GC.Collect();
    GC.WaitForPendingFinalizers();
    var process = Process.GetCurrentProcess();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"working set with {n} waiting: {process.WorkingSet64 / (1024 * 1024)} MB (peak {process.PeakWorkingSet64 / (1024 * 1024)} MB), managed heap {GC.GetTotalMemory(false) / (1024 * 1024)} MB"));

    var watcher = new PrivateLink.Api.Inbound.Watcher.ApprovalWatcher(new OnboardingService(engine.Client), arm, Microsoft.Extensions.Logging.Abstractions.NullLogger<PrivateLink.Api.Inbound.Watcher.ApprovalWatcher>.Instance);
    // Passes until every onboarding shows AwaitingApproval (the stage is published a step after the endpoint exists).
    var cycle = Stopwatch.StartNew();
    PrivateLink.Api.Inbound.Watcher.ApprovalWatcherPass idle = await watcher.RunOnceAsync(cts.Token);
    while (idle.WaitingOnboardings < n)
    {
        await Task.Delay(500, cts.Token);
        cycle.Restart();
        idle = await watcher.RunOnceAsync(cts.Token);
    }

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watcher cycle, nothing approved: {cycle.Elapsed.TotalSeconds:F2} s ({idle.OwnedEndpoints} endpoints listed in one ARM list, {idle.WaitingOnboardings} waiting, {idle.EventsRaised} events)"));

    arm.ApproveAll();
    cycle.Restart();
    PrivateLink.Api.Inbound.Watcher.ApprovalWatcherPass busy = await watcher.RunOnceAsync(cts.Token);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"watcher cycle, all approved: {cycle.Elapsed.TotalSeconds:F2} s ({busy.EventsRaised} events raised)"));
    var readyClock = Stopwatch.StartNew();
    var service = new OnboardingService(engine.Client);
    int ready;
    do
    {
        await Task.Delay(500, cts.Token);
        ready = 0;
        string? token = null;
        do
        {
            OnboardingPage page = await service.ListAsync(OnboardingStage.Ready, token, OnboardingService.MaxPageSize, cts.Token);
            ready += page.Items.Count;
            token = page.ContinuationToken;
        }
        while (token is not null);
    }
    while (ready < n);

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"all {n} Ready {readyClock.Elapsed.TotalSeconds:F1} s after that pass"));
    process.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {process.PeakWorkingSet64 / (1024 * 1024)} MB"));
}

async Task BackendAsync(string label, string? connection, int n)
{
    string hub = "bench" + new string(label.Where(char.IsAsciiLetterOrDigit).ToArray()) + DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
    var perOrchestration = new Dictionary<string, double>();
    await using (ShimEngine shim = await ShimEngine.StartAsync(connection, hub + "s", extendedSessions: args.Contains("--extended-sessions")))
    {
        // Warm-up: the Azure Storage backend first has to acquire its partition leases; measure steady state.
        var warm = Stopwatch.StartNew();
        await shim.ShapeAsync($"warm-up, {label}", "warm-", 1, 1, cts.Token);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label}: first orchestration completed {warm.Elapsed.TotalSeconds:F1} s after start (partition leases)"));
        results.Add(await Counted(hub + "s", n, () => shim.ShapeAsync($"shim trivial, {label}", "shape-", n, 100, cts.Token)));
        results.Add(await Counted(hub + "s", n, () => shim.OnboardAsync($"onboarding workflow, {label}", n, 100, cts.Token)));
    }

    await using (BareCoreHub core = await BareCoreHub.StartAsync(connection, hub + "c"))
    {
        results.Add(await Counted(hub + "c", n, () => CoreShapeRun.RunAsync($"bare DurableTask.Core trivial, {label}", n, core.Client, core.Query, cts.Token)));
    }

    async Task<RunResult> Counted(string hubName, int orchestrations, Func<Task<RunResult>> run)
    {
        if (storage is null || connection is null)
        {
            return await run();
        }

        CountedRun counted = await storage.MeasureAsync(hubName, orchestrations, run);
        Console.WriteLine(counted.Requests);
        Console.WriteLine(counted.AzuriteCpu);
        return counted.Result;
    }
}

static async Task<RunResult> SequentialAsync(string name, DurableTaskClient client, int n, CancellationToken ct)
{
    var latencies = new List<double>();
    var clock = Stopwatch.StartNew();
    for (int i = 0; i < n; i++)
    {
        var one = Stopwatch.StartNew();
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ShapeOrchestrator), i, ct);
        await client.RaiseEventAsync(id, ShapeOrchestrator.Go, 1, ct);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, ct);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{id} ended {done.RuntimeStatus}");
        }

        latencies.Add(one.Elapsed.TotalMilliseconds);
    }

    return new RunResult(name, n, clock.Elapsed, latencies, TimeSpan.Zero);
}

static Func<CancellationToken, Task<IReadOnlyList<ObservedInstance>>> Observe(DurableTaskClient client, string prefix) => async ct =>
{
    var seen = new List<ObservedInstance>();
    var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 1000 };
    await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(query).WithCancellation(ct))
    {
        seen.Add(new ObservedInstance(
            m.InstanceId,
            m.RuntimeStatus != OrchestrationRuntimeStatus.Pending,
            m.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
            m.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated ? m.RuntimeStatus.ToString() : null,
            m.LastUpdatedAt.UtcDateTime));
    }

    return seen;
};

void Ratio(string label, string numerator, string denominator, bool useP50 = false)
{
    RunResult? a = results.FirstOrDefault(r => r.Name == numerator);
    RunResult? b = results.FirstOrDefault(r => r.Name == denominator);
    if (a is not null && b is not null)
    {
        double ratio = useP50 ? a.Percentile(50) / b.Percentile(50) : (a.Elapsed.TotalSeconds / a.Count) / (b.Elapsed.TotalSeconds / b.Count);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-48} {ratio:F2}x"));
    }
}

void StorageRatio(string label, string numerator, string denominator)
{
    RunResult? a = results.FirstOrDefault(r => r.Name == numerator);
    RunResult? b = results.FirstOrDefault(r => r.Name == denominator);
    if (a is not null && b is not null && !double.IsNaN(a.StoragePerOrchestration) && !double.IsNaN(b.StoragePerOrchestration))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-48} {a.StoragePerOrchestration / b.StoragePerOrchestration:F2}x"));
    }
}

int Arg(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}

/// <summary>The runner's engine wiring (shim on TaskHubWorker) in a generic host, with zero-latency fakes behind the ARM and probe seams.</summary>
internal sealed class ShimEngine : IAsyncDisposable
{
    private readonly IHost _host;

    private readonly bool _durable;

    private ShimEngine(IHost host, bool durable)
    {
        _host = host;
        _durable = durable;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public DurableTaskClient Client { get; }

    public InstantArm Arm { get; } = new();

    public static OnboardDestinationInput Input(int i) => new(
        $"bench-{i:D5}", DestinationType.AzureDataLakeStorage,
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/lake",
        null, "lake.dfs.core.windows.net", [new PortMapping(443, null)], true, null, TimeSpan.FromHours(1), null);

    public static async Task<ShimEngine> StartAsync(string? connection, string hub, IPrivateEndpointClient? arm = null, bool extendedSessions = false)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DurableTask:StorageConnectionString"] = connection,
            ["DurableTask:TaskHubName"] = hub,
            ["DurableTask:PartitionCount"] = "4",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:00.500",
            ["DurableTask:ExtendedSessions"] = extendedSessions ? "true" : "false",
        });
        ShimEngine? engine = null;
        builder.Services.AddSingleton<IPrivateEndpointClient>(_ => arm ?? engine!.Arm);
        builder.Services.AddSingleton<IPrivateDnsClient>(sp => (IPrivateDnsClient)sp.GetRequiredService<IPrivateEndpointClient>());
        builder.Services.AddSingleton<IConnectivityProbe, InstantProbe>();
        builder.Services.AddSingleton<IDestinationEventSink, CountingSink>();
        builder.Services.AddDurableEngine(r => r.AddOrchestrator<ShapeOrchestrator>().AddActivity<NoopActivity>());
        IHost host = builder.Build();
        engine = new ShimEngine(host, connection is not null);
        await host.StartAsync();
        return engine;
    }

    public Task<RunResult> ShapeAsync(string name, string prefix, int n, int concurrency, CancellationToken ct) => Driver.RunAsync(
        name, n, concurrency,
        i => Client.ScheduleNewOrchestrationInstanceAsync(nameof(ShapeOrchestrator), i, new StartOrchestrationOptions($"{prefix}{i}"), ct),
        id => Client.RaiseEventAsync(id, ShapeOrchestrator.Go, 1, ct),
        ObserveAsync(prefix),
        ct);

    public async Task<RunResult> OnboardAsync(string name, int n, int concurrency, CancellationToken ct)
    {
        int armBefore = Arm.Requests;
        RunResult result = await Driver.RunAsync(
            name, n, concurrency,
            async i =>
            {
                OnboardDestinationInput input = Input(i);
                return await Client.ScheduleNewOrchestrationInstanceAsync(nameof(OnboardDestinationOrchestrator), input, new StartOrchestrationOptions(input.InstanceId), ct);
            },
            id => Client.RaiseEventAsync(id, WorkflowEvents.ConnectionStateChanged, new ConnectionStateChangedEvent("bench", "Approved"), ct),
            ObserveAsync("onboard-bench-"),
            ct);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: ARM calls per onboarding (adapter seam) {(Arm.Requests - armBefore) / (double)n:F1}"));
        await PrintStageLatenciesAsync(name, ct);
        return result;
    }

    /// <summary>Prints p50/p95 of the time spent in each stage, from the timelines the workflow keeps in its custom status, and checks every onboarding ended Ready.</summary>
    private async Task PrintStageLatenciesAsync(string name, CancellationToken ct)
    {
        var perStage = new Dictionary<OnboardingStage, List<double>>();
        var query = new OrchestrationQuery { InstanceIdPrefix = "onboard-bench-", FetchInputsAndOutputs = true, PageSize = 1000 };
        await foreach (OrchestrationMetadata instance in Client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && instance.ReadOutputAs<OnboardingStatus>()?.Stage != OnboardingStage.Ready)
            {
                throw new InvalidOperationException($"{instance.InstanceId} ended {instance.ReadOutputAs<OnboardingStatus>()?.Stage}");
            }

            IReadOnlyList<StageEntry> timeline = instance.ReadCustomStatusAs<OnboardingStatus>()?.Timeline ?? [];
            for (int i = 0; i + 1 < timeline.Count; i++)
            {
                if (!perStage.TryGetValue(timeline[i].Stage, out List<double>? durations))
                {
                    perStage[timeline[i].Stage] = durations = [];
                }

                durations.Add((timeline[i + 1].AtUtc - timeline[i].AtUtc).TotalMilliseconds);
            }
        }

        foreach ((OnboardingStage stage, List<double> durations) in perStage.OrderBy(p => p.Key))
        {
            var stats = new RunResult(stage.ToString(), durations.Count, TimeSpan.FromSeconds(1), durations, TimeSpan.Zero);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: time in {stage,-22} p50 {stats.Percentile(50),7:F0} ms  p95 {stats.Percentile(95),7:F0} ms"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_durable)
        {
            // Leave Azurite as this run found it: the next run gets no tables, queues or leases of this one.
            await _host.Services.GetRequiredService<IOrchestrationService>().DeleteAsync();
        }

        _host.Dispose();
    }

    private Func<CancellationToken, Task<IReadOnlyList<ObservedInstance>>> ObserveAsync(string prefix) => async ct =>
    {
        var seen = new List<ObservedInstance>();
        var query = new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 1000 };
        await foreach (OrchestrationMetadata m in Client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            seen.Add(new ObservedInstance(
                m.InstanceId,
                m.RuntimeStatus != OrchestrationRuntimeStatus.Pending,
                m.RuntimeStatus == OrchestrationRuntimeStatus.Completed,
                m.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated ? m.RuntimeStatus.ToString() : null,
                m.LastUpdatedAt.UtcDateTime));
        }

        return seen;
    };
}

/// <summary>Prints each result as soon as it is measured.</summary>
internal sealed class ReportingList : List<RunResult>
{
    public new void Add(RunResult result)
    {
        Console.WriteLine(result);
        base.Add(result);
    }
}
