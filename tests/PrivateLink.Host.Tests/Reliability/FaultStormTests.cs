using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.ArmEmulator;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Validation;
using Xunit.Abstractions;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>
/// 200 onboardings on the in-process runner (in-memory engine) while the ARM emulator answers a fraction of every
/// call with 429 + Retry-After, 500, or slowly. Most are approved, some are cancelled, some time out: none is lost, no endpoint is
/// created twice, and no cancelled or timed-out onboarding leaves an endpoint behind.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FaultStormTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(8));
    private OnboardingWorld _world = null!;
    private InProcessRunner _runner = null!;

    public async Task InitializeAsync()
    {
        _world = await OnboardingWorld.StartAsync(_timeout.Token);
        _runner = await InProcessRunner.StartAsync(_world.ArmSettings(), _timeout.Token);
    }

    public async Task DisposeAsync()
    {
        await _runner.DisposeAsync();
        await _world.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Onboardings_ArmThrottlesFailsAndSlowsRandomCalls_NoneLostDuplicatedOrLeaked()
    {
        CancellationToken ct = _timeout.Token;
        HttpClient http = _runner.Http;
        int total = ReliabilityScale.Count(200, minimum: 20);
        int side = Math.Max(2, total / 13);
        string[] cancelled = [.. Enumerable.Range(0, side).Select(i => $"storm-x-{i:D3}")];
        string[] timedOut = [.. Enumerable.Range(0, side).Select(i => $"storm-t-{i:D3}")];
        string[] approved = [.. Enumerable.Range(0, total - (2 * side)).Select(i => $"storm-a-{i:D3}")];
        const string Any = "^/subscriptions/";
        ArmFaultRule throttle = _world.Emulator.AddFault(new ArmFaultRule
        {
            PathPattern = Any, StatusCode = 429, ErrorCode = "SubscriptionRequestsThrottled", RetryAfter = TimeSpan.FromSeconds(1), Probability = 0.08,
        });
        ArmFaultRule serverError = _world.Emulator.AddFault(new ArmFaultRule { PathPattern = Any, StatusCode = 500, Probability = 0.08 });
        ArmFaultRule unavailable = _world.Emulator.AddFault(new ArmFaultRule { PathPattern = Any, StatusCode = 503, ErrorCode = "ServiceUnavailable", Probability = 0.04 });
        ArmFaultRule slow = _world.Emulator.AddFault(new ArmFaultRule { PathPattern = Any, Kind = ArmFaultKind.Delay, Delay = TimeSpan.FromMilliseconds(400), Probability = 0.15 });
        var clock = Stopwatch.StartNew();

        await _world.SubmitAllAsync(http, [.. approved, .. cancelled], ct);
        await ScheduleWithShortApprovalTimeoutAsync(timedOut, ct);
        await OnboardingWorld.WaitUntilAsync(
            http, v => OnboardingWorld.CountIn(v, [.. approved, .. cancelled], OnboardingStage.AwaitingApproval) == approved.Length + cancelled.Length, "all wait for approval", ct);
        await Parallel.ForEachAsync(cancelled.Concat(approved), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = ct }, async (id, token) =>
        {
            bool cancel = id.StartsWith("storm-x-", StringComparison.Ordinal);
            if (!cancel)
            {
                Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id), "approved"));
            }

            using HttpResponseMessage response = await http.PostAsync($"/api/onboardings/{id}/{(cancel ? "cancel" : "approval")}", null, token);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        });
        string[] all = [.. approved, .. cancelled, .. timedOut];
        Dictionary<string, OnboardingView> end;
        try
        {
            end = await OnboardingWorld.WaitUntilAsync(
                http, v => all.All(id => v.TryGetValue(id, out OnboardingView? view) && view.Stage.IsTerminal()), "all end", ct);
        }
        catch (Exception) when (WriteRunnerLog())
        {
            throw; // not reached: the filter writes the runner's last log lines for the failure and lets it propagate
        }

        TimeSpan elapsed = clock.Elapsed;

        // The stage is visible before its event is delivered (the workflow enters Ready, then publishes): wait for the callbacks too.
        while (!approved.All(id => _world.Callbacks.Deliveries.Any(d => d.DestinationId == id && d.Stage == nameof(OnboardingStage.Ready))) && !ct.IsCancellationRequested)
        {
            await Task.Delay(250, CancellationToken.None);
        }

        var lost = all.Where(id => end[id].Stage != Expected(id)).Select(id => $"{id}={end[id].Stage} {end[id].Detail}").ToList();
        var duplicated = all.Where(id => _world.Emulator.CreatedCount(OnboardingWorld.EndpointName(id)) != 1).ToList();
        var leaked = cancelled.Concat(timedOut).Where(id => _world.Emulator.PrivateEndpointExists(OnboardingWorld.EndpointName(id))).ToList();
        var readyEvents = _world.Callbacks.Deliveries.Where(d => d.Stage == nameof(OnboardingStage.Ready)).ToList();
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{all.Length} onboardings ({approved.Length} approved, {cancelled.Length} cancelled, {timedOut.Length} timed out) in {elapsed.TotalSeconds:F0}s; " +
            $"ARM requests {_world.Emulator.GetJournal().Count}, faults: 429={throttle.Applied} 500={serverError.Applied} 503={unavailable.Applied} slow={slow.Applied}; " +
            $"lost {lost.Count}, duplicated {duplicated.Count}, leaked {leaked.Count}; Ready callbacks {readyEvents.Count} raw, {readyEvents.Select(d => d.IdempotencyKey).Distinct().Count()} distinct"));
        var withoutCallback = approved.Where(id => !readyEvents.Any(d => d.DestinationId == id)).Select(id => $"{id}: {end[id].Detail}").ToList();
        output.WriteLine($"unsigned callbacks {_world.Callbacks.Unsigned}; Ready without a callback: {string.Join(" | ", withoutCallback.Take(5))}");
        Assert.True(throttle.Applied > 0 && serverError.Applied > 0 && slow.Applied > 0, "the storm injected no faults");
        Assert.Empty(lost);
        Assert.Empty(duplicated);
        Assert.Empty(leaked);
        Assert.Equal(approved.Length, _world.Emulator.PrivateEndpointCount);
        Assert.Equal(approved.Length, readyEvents.Select(d => d.IdempotencyKey).Distinct().Count());
    }

    private bool WriteRunnerLog()
    {
        output.WriteLine(string.Join('\n', _runner.Logs.Lines.Where(l => !l.Contains("Information", StringComparison.Ordinal)).TakeLast(80)));
        return false;
    }

    private static OnboardingStage Expected(string id) => id[..8] switch
    {
        "storm-x-" => OnboardingStage.Cancelled,
        "storm-t-" => OnboardingStage.ApprovalTimedOut,
        _ => OnboardingStage.Ready,
    };

    // The API accepts approval timeouts of an hour or more; as in the orchestrator tests, a short one is set through the input.
    private async Task ScheduleWithShortApprovalTimeoutAsync(string[] ids, CancellationToken ct)
    {
        DurableTaskClient client = _runner.App.Services.GetRequiredService<DurableTaskClient>();
        foreach (string id in ids)
        {
            OnboardingRequest request = JsonSerializer.Deserialize<OnboardingRequest>(_world.Request(id).ToJsonString(), Api.JsonBodyReader.StrictOptions)!;
            OnboardDestinationInput input = OnboardingRequestValidator.Validate(
                request, out ValidationErrors errors, _runner.App.Services.GetRequiredService<IOptionsMonitor<CallbackOptions>>().CurrentValue.Policy)
                ?? throw new InvalidOperationException(string.Join(", ", errors.ToDictionary().Keys));
            await client.ScheduleNewOrchestrationInstanceAsync(
                nameof(OnboardDestinationOrchestrator), input with { ApprovalTimeout = TimeSpan.FromSeconds(3) }, new StartOrchestrationOptions(input.InstanceId), ct);
        }
    }
}
