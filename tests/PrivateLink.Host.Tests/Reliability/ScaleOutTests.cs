using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using PrivateLink.Api;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using Xunit.Abstractions;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// Two runner processes on one Azurite task hub share the work — each process's own log shows the endpoints it
/// created (the activity logs where it runs) — and when one is killed mid-run (probes held in flight), the other finishes everything.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ScaleOutTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(10));
    private readonly AzuriteTaskHub _hub = new("scale");
    private OnboardingWorld _world = null!;

    public async Task InitializeAsync() => _world = await OnboardingWorld.StartAsync(_timeout.Token);

    public async Task DisposeAsync()
    {
        await _world.DisposeAsync();
        await _hub.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task TwoRunners_ShareWorkAndOneIsKilled_SurvivorFinishesEverything()
    {
        CancellationToken ct = _timeout.Token;
        string[] ids = [.. Enumerable.Range(0, ReliabilityScale.Count(60)).Select(i => $"scale-{i:D3}")];
        Dictionary<string, string?> settings = CrashRecoveryTests.RunnerSettings(_world, _hub);
        settings["DurableTask:PartitionCount"] = "4";
        var clock = Stopwatch.StartNew();
        await using RunnerProcess one = await RunnerProcess.StartAsync("one", settings, ct);
        await using RunnerProcess two = await RunnerProcess.StartAsync("two", settings, ct);

        await _world.SubmitAllAsync(one.Http, ids, ct);
        await OnboardingWorld.WaitUntilAsync(one.Http, v => OnboardingWorld.CountIn(v, ids, OnboardingStage.AwaitingApproval) == ids.Length, "all wait for approval", ct);
        HashSet<string> createdByOne = Provisioned(one.Output);
        HashSet<string> createdByTwo = Provisioned(two.Output);
        _world.Proxy.Shut();
        await Parallel.ForEachAsync(ids, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id)));
            using HttpResponseMessage response = await two.Http.PostAsync($"/api/onboardings/{id}/approval", null, token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        await OnboardingWorld.WaitUntilAsync(two.Http, v => OnboardingWorld.CountIn(v, ids, OnboardingStage.CheckingConnectivity) == ids.Length, "all are probing", ct);
        while (_world.Proxy.Held < ids.Length)
        {
            await Task.Delay(100, ct);
        }

        await one.KillAsync(ct);
        TimeSpan killedAt = clock.Elapsed;
        _world.Proxy.Open();
        Dictionary<string, OnboardingView> end = await OnboardingWorld.WaitUntilAsync(
            two.Http, v => OnboardingWorld.CountIn(v, ids, OnboardingStage.Ready) == ids.Length, "the survivor finished everything", ct);
        while (!ids.All(id => _world.Callbacks.Deliveries.Any(d => d.DestinationId == id && d.Stage == nameof(OnboardingStage.Ready))))
        {
            await Task.Delay(100, ct);
        }

        TimeSpan doneAt = clock.Elapsed;
        var readyKeys = _world.Callbacks.Deliveries.Where(d => d.Stage == nameof(OnboardingStage.Ready)).GroupBy(d => d.DestinationId)
            .ToDictionary(g => g.Key, g => g.Select(d => d.IdempotencyKey).Distinct().Count());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{ids.Length} onboardings; endpoints created by process one: {createdByOne.Count}, by two: {createdByTwo.Count}; " +
            $"one killed at {killedAt.TotalSeconds:F0}s, all Ready at {doneAt.TotalSeconds:F0}s; probes logged by two after the kill: {Probed(two.Output).Count}"));
        Assert.NotEmpty(createdByOne);
        Assert.NotEmpty(createdByTwo);
        Assert.Equal(ids.Length, createdByOne.Union(createdByTwo).Count());
        Assert.All(ids, id => Assert.Equal(OnboardingStage.Ready, end[id].Stage));
        Assert.All(ids, id => Assert.Equal(1, _world.Emulator.CreatedCount(OnboardingWorld.EndpointName(id))));
        Assert.All(ids, id => Assert.Equal(1, readyKeys.GetValueOrDefault(id)));
        Assert.Equal(ids, Probed(two.Output).Order(StringComparer.Ordinal));
    }

    // BeginCreatePrivateEndpointActivity logs where it runs: "Onboarding {InstanceId} for {DestinationId}: PUT of endpoint {EndpointName} accepted, ...".
    private static HashSet<string> Provisioned(string log) => [.. ProvisionedLine().Matches(log).Select(m => m.Groups[1].Value)];

    // ProbeEndpointActivity logs where it runs: "Onboarding {InstanceId}: probe {Host}:{Port} {Status}: ...".
    private static HashSet<string> Probed(string log) => [.. ProbedLine().Matches(log).Select(m => m.Groups[1].Value)];

    [GeneratedRegex(@"for (scale-\d{3}): PUT of endpoint pe-onboard-scale-\d{3} accepted")]
    private static partial Regex ProvisionedLine();

    [GeneratedRegex(@"Onboarding onboard-(scale-\d{3}): probe \S+ Succeeded")]
    private static partial Regex ProbedLine();
}
