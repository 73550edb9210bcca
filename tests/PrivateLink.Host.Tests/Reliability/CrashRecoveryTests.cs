using System.Diagnostics;
using System.Globalization;
using System.Net;
using PrivateLink.Api;
using PrivateLink.ArmEmulator;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using Xunit.Abstractions;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// The runner as a child process on Azurite is killed (kill -9, whole tree) while onboardings are creating their
/// endpoints, while they are checking connectivity, and while they wait for approval; after each restart every onboarding ends Ready
/// with exactly one endpoint ever created and exactly one distinct Ready event.
/// </summary>
/// <remarks>
/// The emulator, the destination (behind a gated proxy that holds TLS handshakes) and the callback receiver live in the test process,
/// so they survive the runner. One kill catches half of the onboardings creating endpoints (ARM slowed) and the other half probing
/// (handshakes held), so the in-flight work of both stages is lost at once; a second kill hits them waiting for approval.
/// </remarks>
[Collection(AzuriteCollection.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(12));
    private readonly AzuriteTaskHub _hub = new("crash");
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync() => _world = await OnboardingWorld.StartAsync(_timeout.Token);

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _hub.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Runner_KilledWhileCreatingProbingAndAwaitingApproval_AllReadyWithOneEndpointAndOneReadyEvent()
    {
        CancellationToken ct = _timeout.Token;
        int total = ReliabilityScale.Count(100);
        string[] probing = [.. Enumerable.Range(0, total / 2).Select(i => $"crash-p-{i:D3}")];
        string[] creating = [.. Enumerable.Range(0, total - probing.Length).Select(i => $"crash-c-{i:D3}")];
        string[] all = [.. probing, .. creating];
        Dictionary<string, string?> settings = RunnerSettings(_world, _hub);
        var clock = Stopwatch.StartNew();
        var runners = new List<RunnerProcess>();

        // Run 1: the first half reaches the connectivity check and is held in the TLS handshake; the second half is creating endpoints.
        _world.Proxy.Shut();
        RunnerProcess first = await StartAsync("first", settings, runners, ct);
        await _world.SubmitAllAsync(first.Http, probing, ct);
        await OnboardingWorld.WaitUntilAsync(first.Http, v => OnboardingWorld.CountIn(v, probing, OnboardingStage.AwaitingApproval) == probing.Length, "the first half waits for approval", ct);
        await ApproveAsync(first, probing, ct);
        ArmFaultRule slow = _world.Emulator.AddFault(ArmFaultRule.Slow("PUT", "/privateEndpoints/pe-onboard-crash-c-", TimeSpan.FromMinutes(5), count: null));
        await _world.SubmitAllAsync(first.Http, creating, ct);
        Dictionary<string, OnboardingView> beforeKill = await OnboardingWorld.WaitUntilAsync(
            first.Http,
            v => OnboardingWorld.CountIn(v, probing, OnboardingStage.CheckingConnectivity) == probing.Length
                && OnboardingWorld.CountIn(v, creating, OnboardingStage.CreatingEndpoint) == creating.Length,
            "half are probing and half are creating endpoints",
            ct);
        await WaitAsync(() => _world.Proxy.Held >= probing.Length && slow.Applied >= creating.Length, ct);
        await first.KillAsync(ct);
        TimeSpan firstKill = clock.Elapsed;
        _world.Emulator.ClearFaults();
        _world.Proxy.Open();

        // Run 2: the lost probes and creations are redelivered; the probed half ends Ready, the other half waits for approval. Kill it there.
        RunnerProcess second = await StartAsync("second", settings, runners, ct);
        await OnboardingWorld.WaitUntilAsync(
            second.Http,
            v => OnboardingWorld.CountIn(v, probing, OnboardingStage.Ready) == probing.Length
                && OnboardingWorld.CountIn(v, creating, OnboardingStage.AwaitingApproval) == creating.Length,
            "the probed half is Ready and the other half waits for approval",
            ct);
        TimeSpan recovered = clock.Elapsed;
        await second.KillAsync(ct);
        foreach (string id in creating)
        {
            Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id), "approved while the runner was down"));
        }

        // Run 3: the approvals are announced; everything ends Ready.
        RunnerProcess third = await StartAsync("third", settings, runners, ct);
        await ApproveAsync(third, creating, ct, approveInArm: false);
        Dictionary<string, OnboardingView> end = await OnboardingWorld.WaitUntilAsync(
            third.Http, v => OnboardingWorld.CountIn(v, all, OnboardingStage.Ready) == all.Length, "all are Ready", ct);
        TimeSpan done = clock.Elapsed;

        // The stage turns Ready before the Ready event is published: wait for the callbacks before stopping the last runner.
        await WaitAsync(() => all.All(id => _world.Callbacks.Deliveries.Any(d => d.DestinationId == id && d.Stage == nameof(OnboardingStage.Ready))), ct);
        await third.KillAsync(ct);
        foreach (RunnerProcess r in runners)
        {
            await r.DisposeAsync();
        }

        IReadOnlyList<CallbackDelivery> deliveries = _world.Callbacks.Deliveries;
        var readyKeys = deliveries.Where(d => d.Stage == nameof(OnboardingStage.Ready)).GroupBy(d => d.DestinationId).ToDictionary(g => g.Key, g => g.Select(d => d.IdempotencyKey).Distinct().Count());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Length} onboardings; first kill at {firstKill.TotalSeconds:F0}s, recovered at {recovered.TotalSeconds:F0}s, all Ready at {done.TotalSeconds:F0}s; " +
            $"Ready callbacks: {deliveries.Count(d => d.Stage == nameof(OnboardingStage.Ready))} raw, {readyKeys.Values.Sum()} distinct; held handshakes {_world.Proxy.Accepted}, slowed PUTs {slow.Applied}"));
        Assert.All(probing, id => Assert.Equal(OnboardingStage.CheckingConnectivity, beforeKill[id].Stage));
        Assert.All(creating, id => Assert.Equal(OnboardingStage.CreatingEndpoint, beforeKill[id].Stage));
        Assert.All(all, id => Assert.Equal(OnboardingStage.Ready, end[id].Stage));
        Assert.All(all, id => Assert.Equal(1, _world.Emulator.CreatedCount(OnboardingWorld.EndpointName(id))));
        Assert.Equal(all.Length, _world.Emulator.PrivateEndpointCount);
        Assert.All(all, id => Assert.Equal(1, readyKeys.GetValueOrDefault(id)));
    }

    /// <summary>The child runner's settings: Azurite task hub, the test's emulator, the emulator credential, long probe timeouts.</summary>
    internal static Dictionary<string, string?> RunnerSettings(OnboardingWorld world, AzuriteTaskHub hub)
    {
        Dictionary<string, string?> settings = world.ArmSettings();
        settings["Arm:UseEmulatorCredential"] = "true";

        // Work a killed runner had in flight comes back after 20 s (the backend's default is 5 minutes).
        foreach ((string key, string? value) in hub.Settings(partitions: 2, visibilityTimeout: TimeSpan.FromSeconds(20)))
        {
            settings[key] = value;
        }

        // Held handshakes must outlast the kill: the probe waits up to 5 minutes (the option's limit) instead of failing TimedOut.
        settings["Connectivity:Probe:HandshakeTimeout"] = "00:05:00";
        settings["Connectivity:Probe:NegotiationTimeout"] = "00:05:00";
        return settings;
    }

    private static async Task<RunnerProcess> StartAsync(string name, Dictionary<string, string?> settings, List<RunnerProcess> runners, CancellationToken ct)
    {
        RunnerProcess runner = await RunnerProcess.StartAsync(name, settings, ct);
        runners.Add(runner);
        return runner;
    }

    private async Task ApproveAsync(RunnerProcess runner, string[] ids, CancellationToken ct, bool approveInArm = true)
    {
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            if (approveInArm)
            {
                Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id), "approved"));
            }

            // The runner may still be taking over the task hub: a 409 means the event was not raised yet, so announce again.
            while (true)
            {
                using HttpResponseMessage response = await runner.Http.PostAsync($"/api/onboardings/{id}/approval", null, token);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }

                Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
                await Task.Delay(250, token);
            }
        });
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(100, ct);
        }
    }
}
