// Real-path benchmark: the workflow as the runner composes it (AddPrivateLinkOnboarding + AddDurableEngine), the real ARM adapter over
// HTTPS to the ARM emulator (recorded-reality defaults: targets in another tenant, manual approval, status-only operations; its
// operations made instant: one poll to terminal, no 409 window, no state or DNS lag), and the real TLS probe against nginx on loopback
// (the endpoint's private IP is 127.0.0.1, the host name localhost, the test CA trusted per destination as a request would send it).
// Usage: bench/realpath.sh [--count N] [--azurite-count N] [--waiting N] [--single-approvals N] [--single-approval-interval S]
//   [--finished N] [--finished-real N] [--list-waiting N] [--sequential N] [--no-azurite | --azurite-only]
// Needs NGINX_TLS_PORT and PL_TEST_CERT_DIR (scripts/services/nginx.sh); the Azurite part runs when AZURITE_CONNECTION_STRING is set.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.ArmEmulator;
using PrivateLink.Bench.Engine;
using PrivateLink.Bench.RealPath;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.SupportMatrix;

int count = Arg("--count", 1000);
int azuriteCount = Arg("--azurite-count", 100);
int waiting = Arg("--waiting", 200);
int finished = Arg("--finished", 1000);
int listWaiting = Arg("--list-waiting", 100);
int sequential = Arg("--sequential", 5);
int singleApprovals = Arg("--single-approvals", 20);
TimeSpan trickleInterval = TimeSpan.FromSeconds(Arg("--single-approval-interval", 3));
int finishedReal = Arg("--finished-real", Math.Min(finished, 500));
string? azurite = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING");
int tlsPort = int.Parse(Environment.GetEnvironmentVariable("NGINX_TLS_PORT") ?? throw new InvalidOperationException("NGINX_TLS_PORT is not set: run bench/realpath.sh"), CultureInfo.InvariantCulture);
string caPem = await File.ReadAllTextAsync(Path.Combine(Environment.GetEnvironmentVariable("PL_TEST_CERT_DIR") ?? throw new InvalidOperationException("PL_TEST_CERT_DIR is not set"), "ca.crt"));
using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(60));
CancellationToken ct = cts.Token;
var results = new List<RunResult>();
var figures = new List<string>();
StorageCountingProxy? storage = null;
var bench = new Actor("bench-approver", DisplayName: "benchmark");

// Each host gets its own emulator, so no run's ARM requests scan the endpoints of the runs before it (the emulator's state is one
// lock and lists scanned per request: its cost grows with the endpoints it holds, and it runs in this process).
ArmEmulatorServer emulator = await NewEmulatorAsync();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"real-path benchmark: {Environment.ProcessorCount} cores, .NET {Environment.Version}, load {Load()}; in-memory n={count}, azurite n={(azurite is null ? "skipped (AZURITE_CONNECTION_STRING not set)" : azuriteCount)}, waiting {waiting}, finished {finished} + {listWaiting} waiting; ARM emulator {emulator.BaseAddress}, nginx TLS 127.0.0.1:{tlsPort}"));

// 1. In memory: one at a time (the critical path), then throughput with production poll limits and with 100 ms polls, the runner's
// trivial shape and bare DurableTask.Core on the same backend.
WorkflowLimits fastPolls = new(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(30), 8, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
bool azuriteOnly = args.Contains("--azurite-only");
if (sequential > 0 && !azuriteOnly)
{
    await using RealPathHost host = await RealPathHost.StartAsync(emulator, null, "realpathseq");
    foreach ((string label, WorkflowLimits? limits) in new[] { ("production polls", (WorkflowLimits?)null), ("100 ms polls", fastPolls) })
    {
        var one = new List<double>();
        string prefix = label.StartsWith("prod", StringComparison.Ordinal) ? "seqp" : "seqf";
        for (int i = 0; i < sequential; i++)
        {
            RunResult r = await OnboardAsync(host, $"one at a time #{i}", $"{prefix}{i}-", 1, limits, quiet: true);
            one.AddRange(r.LatenciesMs);
        }

        Add(new RunResult($"onboarding, in-memory, one at a time, {label}", one.Count, TimeSpan.FromMilliseconds(one.Sum()), one, TimeSpan.Zero));
        await PrintStagesAsync(host, prefix, $"one at a time, {label}");
    }
}

foreach ((string name, string prefix, WorkflowLimits? limits) in azuriteOnly ? [] : new[] { ("onboarding, in-memory", "mem-", (WorkflowLimits?)null), ("onboarding, in-memory, 100 ms polls", "fast-", fastPolls) })
{
    await FreshEmulatorAsync();
    await using RealPathHost host = await RealPathHost.StartAsync(emulator, null, "realpathmem");
    Add(await OnboardAsync(host, name, prefix, count, limits));
    if (limits is null)
    {
        Add(await TrivialAsync(host, "runner trivial, in-memory", count));
        Add(await ProbesAloneAsync(host, count));
    }
}

// Where the CPU goes: the same onboardings with the TLS probe replaced by one that answers at once (the ARM adapter stays real).
if (!azuriteOnly)
{
    await FreshEmulatorAsync();
    await using (RealPathHost host = await RealPathHost.StartAsync(emulator, null, "realpathnoprobe", replace: s => s.Replace(ServiceDescriptor.Singleton<IConnectivityProbe, InstantProbe>())))
    {
        Add(await OnboardAsync(host, "onboarding, in-memory, instant probe", "np-", count, null));
    }

    Add(await CoreAsync("bare DurableTask.Core trivial, in-memory", null, "unused", count));
}

if (azurite is not null)
{
    await using StorageCountingProxy proxy = StorageCountingProxy.Start(azurite);
    storage = proxy;
    string stamp = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);

    // 2. Azurite throughput: the runner's hub (trivial shape, then onboardings), then bare Core's hub, every request counted.
    await FreshEmulatorAsync();
    await using (RealPathHost host = await RealPathHost.StartAsync(emulator, proxy.ConnectionString, "rpthru" + stamp + "s"))
    {
        var warm = Stopwatch.StartNew();
        await OnboardAsync(host, "warm-up", "warm-", 1, null, quiet: true);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"azurite: first onboarding Ready {warm.Elapsed.TotalSeconds:F1} s after start (partition leases)"));
        Add(await Counted(host.Hub, azuriteCount, () => TrivialAsync(host, "runner trivial, azurite", azuriteCount)));
        Add(await Counted(host.Hub, azuriteCount, () => OnboardAsync(host, "onboarding, azurite", "az-", azuriteCount, null)));
    }

    Add(await Counted("rpthru" + stamp + "c", azuriteCount, () => CoreAsync("bare DurableTask.Core trivial, azurite", proxy.ConnectionString, "rpthru" + stamp + "c", azuriteCount)));

    // 3. Approval -> Ready at N waiting, then the read side at M finished + K waiting, on one hub.
    await FreshEmulatorAsync();
    await using (RealPathHost host = await RealPathHost.StartAsync(emulator, proxy.ConnectionString, "rpread" + stamp))
    {
        await OnboardAsync(host, "warm-up", "warm-", 1, null, quiet: true);
        await ApprovalLatencyAsync(host, "api-", waiting, throughWatcher: false);
        await ApprovalLatencyAsync(host, "wat-", waiting, throughWatcher: true);
        await ReadSideAsync(host);
    }

    storage = null;
}

Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"=== summary (load {Load()}) ==="));
foreach (RunResult r in results)
{
    Console.WriteLine(r);
}

Ratio("onboarding / bare Core trivial, in-memory (time)", "onboarding, in-memory", "bare DurableTask.Core trivial, in-memory");
Ratio("onboarding / runner trivial, in-memory (time)", "onboarding, in-memory", "runner trivial, in-memory");
Ratio("production polls / 100 ms polls, in-memory (time)", "onboarding, in-memory", "onboarding, in-memory, 100 ms polls");
Ratio("real probe / instant probe, in-memory (time)", "onboarding, in-memory", "onboarding, in-memory, instant probe");
foreach (string name in new[] { "onboarding, in-memory", "onboarding, in-memory, 100 ms polls", "onboarding, in-memory, instant probe", "runner trivial, in-memory", "bare DurableTask.Core trivial, in-memory", "TLS probe alone (nginx), 100 at a time" })
{
    if (results.FirstOrDefault(r => r.Name == name) is { } r)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU per item, {name,-44} {r.Cpu.TotalMilliseconds / r.Count,6:F1} ms"));
    }
}

Ratio("onboarding / bare Core trivial, azurite (time)", "onboarding, azurite", "bare DurableTask.Core trivial, azurite");
StorageRatio("storage requests, onboarding / bare Core trivial", "onboarding, azurite", "bare DurableTask.Core trivial, azurite");
StorageRatio("storage requests, runner / bare Core trivial", "runner trivial, azurite", "bare DurableTask.Core trivial, azurite");
foreach (string f in figures)
{
    Console.WriteLine(f);
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"peak working set: {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MB"));
await emulator.DisposeAsync();
return 0;

// Recorded-reality defaults with faster operations only: one poll to terminal, no 409 window, no connection-state or DNS lag. A /16
// endpoint subnet so 10,000 endpoints fit the preflight's free-address check.
async Task<ArmEmulatorServer> NewEmulatorAsync()
{
    ArmEmulatorServer started = await ArmEmulatorServer.StartAsync(
        new ArmEmulatorOptions
        {
            PrivateIpAddress = "127.0.0.1",
            SubnetAddressPrefix = "10.0.0.0/16",
            PollsUntilTerminal = 1,
            OperationDuration = TimeSpan.Zero,
            CosmosDbOperationDuration = TimeSpan.Zero,
            ConflictWindowAfterCreate = TimeSpan.Zero,
            ConnectionStateLag = TimeSpan.Zero,
            CosmosDbConnectionStateLag = TimeSpan.Zero,
            DnsConfigLagAfterApproval = TimeSpan.Zero,
            PostgreSqlApprovingDuration = TimeSpan.Zero,
            PrivateDnsZoneGroupOperationDuration = TimeSpan.Zero,
        },
        ct);
    started.AddResourceGroup(RealPathHost.ResourceGroup);
    return started;
}

async Task FreshEmulatorAsync()
{
    await emulator.DisposeAsync();
    emulator = await NewEmulatorAsync();
}

OnboardDestinationInput Input(string destinationId, WorkflowLimits? limits, bool seedTarget = true)
{
    string target = $"/subscriptions/{emulator.SubscriptionId}/resourceGroups/rg-customer/providers/Microsoft.Databricks/workspaces/ws-{destinationId}";
    if (seedTarget)
    {
        emulator.SeedTarget(target); // another tenant: the connection waits for the customer's approval
    }

    return new OnboardDestinationInput(
        destinationId, DestinationType.Databricks, target, null, "localhost", [new PortMapping(tlsPort, null)], true, "BENCH-1", TimeSpan.FromHours(1), null, caPem, null, limits)
    {
        RequestedBy = new Actor("bench-submitter"),
    };
}

// N onboardings submitted through the service (100 at a time); the customer approves each in ARM once its endpoint exists, and the
// service is told as the API tells it (NotifyApprovalAsync). Latency: submission to the Completed status write (stage Ready).
async Task<RunResult> OnboardAsync(RealPathHost host, string name, string prefix, int n, WorkflowLimits? limits, bool quiet = false)
{
    int armBefore = emulator.CountRequests();
    var pending = new ConcurrentDictionary<string, bool>();
    using var approverStop = new CancellationTokenSource();
    Task approver = Task.Run(async () =>
    {
        while (!approverStop.IsCancellationRequested)
        {
            var ready = pending.Keys.Where(id => emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor(id), "approved by the benchmark")).ToList();
            await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, token) =>
            {
                pending.TryRemove(id, out _);
                CommandResult result = await host.Service.NotifyApprovalAsync(id, "approval-api", bench, ct);
                if (result.Outcome == CommandOutcome.NotFound)
                {
                    throw new InvalidOperationException($"{id}: approval notice found no onboarding");
                }
            });
            await Task.Delay(200, CancellationToken.None);
        }
    });
    RunResult run = await Driver.RunAsync(
        name,
        n,
        100,
        async i =>
        {
            OnboardDestinationInput input = Input(string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D5}"), limits);
            CommandResult submitted = await host.Service.SubmitAsync(input, ct);
            if (submitted.Outcome != CommandOutcome.Accepted)
            {
                throw new InvalidOperationException($"{input.DestinationId}: {submitted.Outcome}");
            }

            return input.InstanceId;
        },
        id =>
        {
            pending[id["onboard-".Length..]] = true;
            return Task.CompletedTask;
        },
        Observe(host.Client, "onboard-" + prefix),
        ct);
    await approverStop.CancelAsync();
    await approver;
    if (!quiet)
    {
        IReadOnlyList<ArmJournalEntry> journal = emulator.GetJournal();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: ARM requests per onboarding {(journal.Count - armBefore) / (double)n:F1} ({DescribeArm(journal.Skip(armBefore), n)})"));
        await PrintStagesAsync(host, prefix, name);
    }

    return run;
}

// The product's probe alone (as the probe activity calls it), N probes of nginx 100 at a time: its CPU and latency per probe.
async Task<RunResult> ProbesAloneAsync(RealPathHost host, int n)
{
    IConnectivityProbe probe = host.Services.GetRequiredService<IConnectivityProbe>();
    var request = new ProbeRequest(ProbeProtocol.Https, "localhost", "127.0.0.1", tlsPort, true, caPem, DestinationId: "probe-bench", ExpectedAddresses: ["127.0.0.1"]);
    var latencies = new ConcurrentBag<double>();
    TimeSpan cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Parallel.ForEachAsync(Enumerable.Range(0, n), new ParallelOptions { MaxDegreeOfParallelism = 100, CancellationToken = ct }, async (_, token) =>
    {
        var one = Stopwatch.StartNew();
        ProbeResult result = await probe.ProbeAsync(request, token);
        if (result.Status != ProbeStatus.Succeeded)
        {
            throw new InvalidOperationException($"probe {result.Status}: {result.Detail}");
        }

        latencies.Add(one.Elapsed.TotalMilliseconds);
    });
    return new RunResult("TLS probe alone (nginx), 100 at a time", n, clock.Elapsed, [.. latencies], Process.GetCurrentProcess().TotalProcessorTime - cpuBefore);
}

async Task<RunResult> TrivialAsync(RealPathHost host, string name, int n) => await Driver.RunAsync(
    name,
    n,
    100,
    i => host.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ShapeOrchestrator), i, new StartOrchestrationOptions(string.Create(CultureInfo.InvariantCulture, $"shape-{i}")), ct),
    id => host.Client.RaiseEventAsync(id, ShapeOrchestrator.Go, 1, ct),
    Observe(host.Client, "shape-"),
    ct);

// Bare DurableTask.Core, the same trivial shape, with the backend settings the runner's wiring gives its own hub.
async Task<RunResult> CoreAsync(string name, string? connection, string hub, int n)
{
    await using BareCoreHub core = await BareCoreHub.StartAsync(connection, hub);
    return await CoreShapeRun.RunAsync(name, n, core.Client, core.Query, ct);
}

// N onboardings parked at AwaitingApproval; then every connection approved in ARM and the service told, either through the API's
// NotifyApprovalAsync (16 at a time, each timed from just before its call) or by one ApprovalWatcher pass (timed from the pass's start).
async Task ApprovalLatencyAsync(RealPathHost host, string prefix, int n, bool throughWatcher)
{
    int trickle = throughWatcher ? 0 : Math.Min(n, singleApprovals);
    string how = throughWatcher ? "one ApprovalWatcher pass" : "NotifyApprovalAsync (as the API)";
    var clock = Stopwatch.StartNew();
    List<string> ids = await ParkAsync(host, prefix, n);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"approval latency ({how}): {n} parked at AwaitingApproval in {clock.Elapsed.TotalSeconds:F1} s"));
    var raisedAt = new ConcurrentDictionary<string, DateTime>();
    long before = storage!.Total(host.Hub);
    clock.Restart();
    if (throughWatcher)
    {
        foreach (string id in ids)
        {
            emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor(id), "approved by the benchmark");
        }

        ApprovalWatcher watcher = host.CreateWatcher();
        DateTime at = DateTime.UtcNow;
        foreach (string id in ids)
        {
            raisedAt[id] = at;
        }

        var pass = Stopwatch.StartNew();
        ApprovalWatcherPass result = await watcher.RunOnceAsync(ct);
        figures.Add(string.Create(CultureInfo.InvariantCulture, $"watcher pass raising {result.EventsRaised} approvals ({result.WaitingOnboardings} waiting, {result.OwnedEndpoints} endpoints listed): {pass.Elapsed.TotalMilliseconds:F0} ms"));
    }
    else
    {
        // First single approvals, one every trickle interval while the others wait (the latency of one approval with N waiting),
        // then the rest at once, 16 notices at a time (a burst: its latency is the backend's throughput).
        var single = ids.Take(trickle).ToList();
        foreach (string id in single)
        {
            await ApproveThroughApiAsync(host, id, raisedAt, ct);
            await Task.Delay(trickleInterval, ct);
        }

        Dictionary<string, DateTime> singleReady = await WaitCompletedAsync(host, "onboard-" + prefix, single.Count, TimeSpan.FromMinutes(5));
        var singleLatencies = singleReady.Select(kv => Math.Max(0, (kv.Value - raisedAt[kv.Key["onboard-".Length..]]).TotalMilliseconds)).ToList();
        await PrintApprovalBreakdownAsync(host, prefix, single, raisedAt);
        var one = new RunResult($"approval->Ready, one every {trickleInterval.TotalSeconds:F0} s, {n} waiting, API", singleLatencies.Count, clock.Elapsed, singleLatencies, TimeSpan.Zero);
        Add(one);
        figures.Add(string.Create(CultureInfo.InvariantCulture, $"approval->Ready one at a time (every {trickleInterval.TotalSeconds:F0} s) at {n} waiting (azurite): p50 {one.Percentile(50):F0} ms, p99 {one.Percentile(99):F0} ms, max {singleLatencies.DefaultIfEmpty().Max():F0} ms, {singleReady.Count}/{single.Count} Ready"));
        before = storage.Total(host.Hub);
        clock.Restart();
        ids = ids.Skip(trickle).ToList();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = ct }, async (id, token) => await ApproveThroughApiAsync(host, id, raisedAt, token));
    }

    Dictionary<string, DateTime> readyAt = (await WaitCompletedAsync(host, "onboard-" + prefix, n, TimeSpan.FromMinutes(5))).Where(kv => ids.Contains(kv.Key["onboard-".Length..])).ToDictionary();
    n = ids.Count;
    var latencies = readyAt.Select(kv => Math.Max(0, (kv.Value - raisedAt[kv.Key["onboard-".Length..]]).TotalMilliseconds)).ToList();
    var r = new RunResult($"approval->Ready, burst of {n}, {(throughWatcher ? "watcher pass" : "API notice")}", latencies.Count, clock.Elapsed, latencies, TimeSpan.Zero);
    Add(r);
    figures.Add(string.Create(CultureInfo.InvariantCulture, $"approval->Ready through {how}, {n} approved at once (azurite): p50 {r.Percentile(50):F0} ms, p99 {r.Percentile(99):F0} ms, max {latencies.DefaultIfEmpty().Max():F0} ms, {readyAt.Count}/{n} Ready; storage requests per approval {(storage.Total(host.Hub) - before) / (double)n:F1}"));
    await PrintStagesAsync(host, prefix, $"approval via {(throughWatcher ? "watcher" : "API")}");
}

// M finished onboardings (real orchestrations of the workflow run to their end on this hub: targets ARM does not hold, so each one
// fails validation; plus the Ready ones of the latency runs), then K parked at AwaitingApproval; then a watcher pass and list pages.
async Task ReadSideAsync(RealPathHost host)
{
    var clock = Stopwatch.StartNew();
    using (var gate = new SemaphoreSlim(100))
    {
        await Task.WhenAll(Enumerable.Range(0, finishedReal).Select(async i =>
        {
            await gate.WaitAsync(ct);
            try
            {
                await host.Service.SubmitAsync(Input(string.Create(CultureInfo.InvariantCulture, $"done-{i:D5}"), null, seedTarget: false), ct);
            }
            finally
            {
                gate.Release();
            }
        }));
    }

    Dictionary<string, DateTime> done = await WaitCompletedAsync(host, "onboard-done-", finishedReal, TimeSpan.FromMinutes(40));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read side: {done.Count} finished onboardings (failed validation) seeded in {clock.Elapsed.TotalSeconds:F1} s ({done.Count / clock.Elapsed.TotalSeconds:F1}/s)"));
    if (finished > finishedReal)
    {
        clock.Restart();
        int copied = await CopyFinishedRowsAsync(host.Hub, finishedReal, finished);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"read side: {copied} more finished onboardings as copies of those {finishedReal} instance rows in {clock.Elapsed.TotalSeconds:F1} s"));
    }

    await ParkAsync(host, "lw-", listWaiting);
    int total = 0;
    await foreach (OrchestrationMetadata unused in host.Client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1000 }).WithCancellation(ct))
    {
        total++;
    }

    string shape = string.Create(CultureInfo.InvariantCulture, $"{total - listWaiting} finished + {listWaiting} waiting");
    // A new process's first pass sweeps every finished destination (then every HealthWatch:SweepInterval); the passes after it read
    // the unfinished onboardings only.
    ApprovalWatcher watcher = ActivatorUtilities.CreateInstance<ApprovalWatcher>(host.Services, new HealthWatchMemory());
    for (int pass = 1; pass <= 3; pass++)
    {
        (ApprovalWatcherPass result, double ms, string reads) = await MeasureAsync(host.Hub, () => watcher.RunOnceAsync(ct));
        figures.Add(string.Create(CultureInfo.InvariantCulture, $"watcher pass #{pass}{(pass == 1 ? " (the sweep)" : string.Empty)} at {shape}: {ms:F0} ms, task-hub {reads} ({result.WaitingOnboardings} waiting, {result.EventsRaised} events, {result.OwnedEndpoints} endpoints listed)"));
    }

    foreach (OnboardingStage? stage in new OnboardingStage?[] { null, OnboardingStage.AwaitingApproval, OnboardingStage.Ready, OnboardingStage.ValidationFailed })
    {
        for (int attempt = 1; attempt <= 2; attempt++)
        {
            (OnboardingPage page, double ms, string reads) = await MeasureAsync(host.Hub, () => host.Service.ListAsync(stage, null, 100, ct));
            figures.Add(string.Create(CultureInfo.InvariantCulture, $"list page (100, stage {stage?.ToString() ?? "any"}) #{attempt} at {shape}: {ms:F0} ms, task-hub {reads}, {page.Items.Count} items{(page.ContinuationToken is null ? string.Empty : ", more")}"));
        }
    }
}

// Seeding 10,000 real finished onboardings on Azurite runs at 4-5/s on 2 cores (over half an hour), so the read side's size beyond --finished-real is made
// of copies of their instance rows (the rows the backend wrote, the destination id rewritten in every column, each copy its own
// instance id): what the watcher's and the list's queries read is that table. The copies have no history rows, which those queries do
// not read. Written straight to Azurite, not through the counting proxy: seeding is not the measured read side.
async Task<int> CopyFinishedRowsAsync(string hub, int real, int total)
{
    var table = new Azure.Data.Tables.TableClient(azurite, hub + "Instances");
    var originals = new List<Azure.Data.Tables.TableEntity>();
    await foreach (Azure.Data.Tables.TableEntity row in table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey ge 'onboard-done-' and PartitionKey lt 'onboard-done.'", cancellationToken: ct))
    {
        originals.Add(row);
    }

    if (originals.Count < real)
    {
        throw new InvalidOperationException($"{originals.Count} instance rows of finished onboardings found in {hub}Instances, {real} expected");
    }

    int copied = 0;
    await Parallel.ForEachAsync(Enumerable.Range(real, total - real), new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = ct }, async (i, token) =>
    {
        Azure.Data.Tables.TableEntity original = originals[i % originals.Count];
        string from = original.PartitionKey["onboard-".Length..];
        string to = string.Create(CultureInfo.InvariantCulture, $"done-{i:D5}");
        var copy = new Azure.Data.Tables.TableEntity("onboard-" + to, original.RowKey);
        foreach ((string key, object value) in original)
        {
            if (key is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            copy[key] = value is string text ? text.Replace(from, to, StringComparison.Ordinal) : value;
        }

        await table.AddEntityAsync(copy, token);
        Interlocked.Increment(ref copied);
    });
    return copied;
}

async Task<(T Result, double Ms, string Reads)> MeasureAsync<T>(string hub, Func<Task<T>> action)
{
    IReadOnlyDictionary<string, long> before = storage!.Snapshot(hub);
    var clock = Stopwatch.StartNew();
    T result = await action();
    double ms = clock.Elapsed.TotalMilliseconds;
    IReadOnlyDictionary<string, long> after = storage.Snapshot(hub);
    long total = after.Values.Sum() - before.Values.Sum();

    // Reads are the table and blob queries; the queue traffic in the same window is the worker's own polling, not the call's.
    long reads = after.Where(kv => kv.Key.Contains("query", StringComparison.Ordinal) || kv.Key.StartsWith("blob get", StringComparison.Ordinal)).Sum(kv => kv.Value - before.GetValueOrDefault(kv.Key));
    return (result, ms, string.Create(CultureInfo.InvariantCulture, $"reads {reads}, all requests {total} ({StorageCountingProxy.Describe(before, after, 1)})"));
}

// The customer approves in ARM; the service is told through NotifyApprovalAsync, as the approval route does.
async Task ApproveThroughApiAsync(RealPathHost host, string id, ConcurrentDictionary<string, DateTime> raisedAt, CancellationToken token)
{
    emulator.ApproveConnection(OnboardDestinationInput.EndpointNameFor(id), "approved by the benchmark");
    raisedAt[id] = DateTime.UtcNow;
    CommandResult result = await host.Service.NotifyApprovalAsync(id, "approval-api", bench, token);
    if (result.Outcome != CommandOutcome.Accepted)
    {
        throw new InvalidOperationException($"{id}: approval notice {result.Outcome}");
    }
}

// Submits N onboardings (their endpoints stay Pending in ARM) and waits until every one shows AwaitingApproval.
async Task<List<string>> ParkAsync(RealPathHost host, string prefix, int n)
{
    var ids = Enumerable.Range(0, n).Select(i => string.Create(CultureInfo.InvariantCulture, $"{prefix}{i:D5}")).ToList();
    await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 50, CancellationToken = ct }, async (id, token) =>
    {
        CommandResult submitted = await host.Service.SubmitAsync(Input(id, null), token);
        if (submitted.Outcome != CommandOutcome.Accepted)
        {
            throw new InvalidOperationException($"{id}: {submitted.Outcome}");
        }
    });
    var giveUp = Stopwatch.StartNew();
    while (true)
    {
        int parked = 0;
        var query = new OrchestrationQuery { InstanceIdPrefix = "onboard-" + prefix, FetchInputsAndOutputs = true, PageSize = 1000 };
        await foreach (OrchestrationMetadata m in host.Client.GetAllInstancesAsync(query).WithCancellation(ct))
        {
            if (m.ReadCustomStatusAs<OnboardingStatus>()?.Stage == OnboardingStage.AwaitingApproval)
            {
                parked++;
            }
            else if (m.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed)
            {
                throw new InvalidOperationException($"{m.InstanceId} ended before approval: {m.SerializedOutput}");
            }
        }

        if (parked == n)
        {
            return ids;
        }

        if (giveUp.Elapsed > TimeSpan.FromMinutes(10))
        {
            throw new TimeoutException($"{parked}/{n} {prefix} onboardings at AwaitingApproval after 10 minutes");
        }

        await Task.Delay(1000, ct);
    }
}

// Waits until N instances with the prefix completed; returns each one's completion time (the status row's last update).
async Task<Dictionary<string, DateTime>> WaitCompletedAsync(RealPathHost host, string prefix, int n, TimeSpan limit)
{
    var giveUp = Stopwatch.StartNew();
    while (true)
    {
        var done = new Dictionary<string, DateTime>();
        await foreach (OrchestrationMetadata m in host.Client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 1000 }).WithCancellation(ct))
        {
            if (m.RuntimeStatus is OrchestrationRuntimeStatus.Completed or OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated)
            {
                done[m.InstanceId] = m.LastUpdatedAt.UtcDateTime;
            }
        }

        if (done.Count >= n || giveUp.Elapsed > limit)
        {
            if (done.Count < n)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  INCOMPLETE: {done.Count}/{n} {prefix} finished within {limit.TotalMinutes:F0} minutes"));
            }

            return done;
        }

        await Task.Delay(200, ct);
    }
}

// p50/p95 of the time spent in each stage (the workflow's own timeline in its custom status); checks every finished one is Ready.
async Task PrintStagesAsync(RealPathHost host, string prefix, string name)
{
    var perStage = new Dictionary<OnboardingStage, List<double>>();
    var query = new OrchestrationQuery { InstanceIdPrefix = "onboard-" + prefix, FetchInputsAndOutputs = true, PageSize = 1000 };
    await foreach (OrchestrationMetadata instance in host.Client.GetAllInstancesAsync(query).WithCancellation(ct))
    {
        OnboardingStatus? status = instance.ReadCustomStatusAs<OnboardingStatus>();
        if (instance.RuntimeStatus == OrchestrationRuntimeStatus.Completed && status?.Stage != OnboardingStage.Ready)
        {
            throw new InvalidOperationException($"{instance.InstanceId} ended {status?.Stage}: {status?.Detail}");
        }

        IReadOnlyList<StageEntry> timeline = status?.Timeline ?? [];
        for (int i = 0; i + 1 < timeline.Count; i++)
        {
            if (!perStage.TryGetValue(timeline[i].Stage, out List<double>? durations))
            {
                perStage[timeline[i].Stage] = durations = [];
            }

            durations.Add((timeline[i + 1].AtUtc - timeline[i].AtUtc).TotalMilliseconds);
        }
    }

    Console.WriteLine(string.Join("  ", perStage.OrderBy(p => p.Key).Select(p =>
    {
        var stats = new RunResult(p.Key.ToString(), p.Value.Count, TimeSpan.FromSeconds(1), p.Value, TimeSpan.Zero);
        return string.Create(CultureInfo.InvariantCulture, $"{p.Key} p50 {stats.Percentile(50):F0}/p95 {stats.Percentile(95):F0} ms");
    }).Prepend($"{name}: time in stage")));
}

// Each single approval's path from the notice to Ready, from its status document's timeline: notice -> CheckingConnectivity entered
// (the event delivered and checked against ARM) and CheckingConnectivity -> Ready (addresses, private DNS, the probe, the status).
async Task PrintApprovalBreakdownAsync(RealPathHost host, string prefix, IReadOnlyList<string> ids, ConcurrentDictionary<string, DateTime> raisedAt)
{
    var rows = new List<(double Total, string Line)>();
    foreach (string id in ids)
    {
        OrchestrationMetadata? instance = await host.Client.GetInstanceAsync("onboard-" + id, getInputsAndOutputs: true, ct);
        IReadOnlyList<StageEntry> timeline = instance?.ReadCustomStatusAs<OnboardingStatus>()?.Timeline ?? [];
        DateTime raised = raisedAt[id];
        DateTime? checking = timeline.FirstOrDefault(e => e.Stage == OnboardingStage.CheckingConnectivity)?.AtUtc;
        DateTime? ready = timeline.FirstOrDefault(e => e.Stage == OnboardingStage.Ready)?.AtUtc;
        double total = ready is { } r ? (r - raised).TotalMilliseconds : double.NaN;
        rows.Add((total, string.Create(CultureInfo.InvariantCulture, $"{id}: notice->checking {(checking - raised)?.TotalMilliseconds:F0} ms, checking->Ready {(ready - checking)?.TotalMilliseconds:F0} ms, total {total:F0} ms")));
    }

    Console.WriteLine($"single approvals, slowest first ({prefix}):");
    foreach ((double _, string line) in rows.OrderByDescending(r => r.Total).Take(6))
    {
        Console.WriteLine("  " + line);
    }
}

async Task<RunResult> Counted(string hub, int n, Func<Task<RunResult>> run)
{
    CountedRun counted = await storage!.MeasureAsync(hub, n, run);
    Console.WriteLine(counted.Requests);
    figures.Add(counted.AzuriteCpu);
    return counted.Result;
}

static string DescribeArm(IEnumerable<ArmJournalEntry> entries, int n) => string.Join(", ", entries
    .GroupBy(e =>
    {
        string[] parts = e.Path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        string type = parts.Length == 0 ? "/" : parts.Length % 2 == 0 ? parts[^2] : parts[^1];
        return $"{e.Method} {type}{(parts.Length % 2 == 0 ? "/{name}" : string.Empty)}";
    })
    .OrderByDescending(g => g.Count())
    .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count() / (double)n:F1}")));

static Func<CancellationToken, Task<IReadOnlyList<ObservedInstance>>> Observe(DurableTaskClient client, string prefix) => async token =>
{
    var seen = new List<ObservedInstance>();
    await foreach (OrchestrationMetadata m in client.GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = prefix, PageSize = 1000 }).WithCancellation(token))
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

void Add(RunResult result)
{
    Console.WriteLine(result);
    results.Add(result);
}

void Ratio(string label, string numerator, string denominator)
{
    RunResult? a = results.FirstOrDefault(r => r.Name == numerator);
    RunResult? b = results.FirstOrDefault(r => r.Name == denominator);
    if (a is not null && b is not null)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-52} {a.Elapsed.TotalSeconds / a.Count / (b.Elapsed.TotalSeconds / b.Count):F2}x"));
    }
}

void StorageRatio(string label, string numerator, string denominator)
{
    RunResult? a = results.FirstOrDefault(r => r.Name == numerator);
    RunResult? b = results.FirstOrDefault(r => r.Name == denominator);
    if (a is not null && b is not null && !double.IsNaN(a.StoragePerOrchestration) && !double.IsNaN(b.StoragePerOrchestration))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-52} {a.StoragePerOrchestration / b.StoragePerOrchestration:F2}x ({a.StoragePerOrchestration:F1} / {b.StoragePerOrchestration:F1})"));
    }
}

static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

int Arg(string name, int fallback)
{
    int at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
