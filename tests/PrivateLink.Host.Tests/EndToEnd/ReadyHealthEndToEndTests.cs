using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Host.Tests.Reliability;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using Xunit.Abstractions;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// After Ready, through the runner (in-memory engine) against the ARM emulator: the customer removes or rejects the connection,
/// the endpoint is deleted outside the service, a re-probe fails and heals; and a cancel while the ports are probed.
/// </summary>
/// <remarks>
/// The watcher's periodic service is off: each test runs one pass itself (the pass the interval would run) and shows the stage
/// changes after exactly that pass, so "within one watcher interval" is shown without timing anything. The destination is a
/// loopback HTTPS server behind a gated proxy (a shut gate holds the TLS handshake, like a firewall dropping packets).
/// </remarks>
public sealed class ReadyHealthEndToEndTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string ListPath = "^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/privateEndpoints$";
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(3));
    private OnboardingWorld _world = null!;
    private InProcessRunner? _runner;

    private InProcessRunner Runner => _runner ?? throw new InvalidOperationException("Start the runner first.");

    public async Task InitializeAsync() => _world = await OnboardingWorld.StartAsync(_timeout.Token);

    public async Task DisposeAsync()
    {
        if (_runner is not null)
        {
            await _runner.DisposeAsync();
        }

        await _world.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task Ready_CustomerRemovesTheConnection_DisconnectedAfterOnePass_ThenAResubmissionWaitsWithAPendingConnectionAndEndsReady()
    {
        await StartRunnerAsync();
        const string id = "health-removed";
        await OnboardToReadyAsync(id);
        string endpoint = OnboardingWorld.EndpointName(id);

        Assert.True(_world.Emulator.RemoveConnection(endpoint)); // the customer deletes the connection on their resource
        int listsBefore = _world.Emulator.CountRequests("GET", ListPath);
        ApprovalWatcherPass pass = await PassAsync();
        int listReads = _world.Emulator.CountRequests("GET", ListPath) - listsBefore;
        OnboardingView disconnected = await WaitForAsync(id, v => v.Stage == OnboardingStage.Disconnected && v.RuntimeStatus == "Completed");

        Assert.Equal(1, pass.ReadyDisconnected);
        Assert.Equal(1, listReads);
        Assert.Contains("removed the connection", disconnected.Detail, StringComparison.Ordinal);
        Assert.Contains("The endpoint was deleted", disconnected.Detail, StringComparison.Ordinal);
        Assert.Equal("system:watcher", disconnected.Timeline[^1].Actor?.ObjectId);
        Assert.False(_world.Emulator.PrivateEndpointExists(endpoint)); // a Disconnected connection cannot come back
        await WaitForCallbackAsync(id, "Disconnected");

        // The same request again: a fresh endpoint whose connection is Pending, and it works the first time.
        await SubmitAsync(id, HttpStatusCode.Accepted);
        OnboardingView waiting = await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.Equal(ConnectionStatus.Pending, waiting.Endpoint!.ConnectionStatus);
        Assert.Equal("Pending", _world.Emulator.GetConnectionStatus(endpoint));
        Assert.Equal(2, _world.Emulator.CreatedCount(endpoint));

        // The approval steps name this target and this endpoint's connection, in the status and in the event.
        Assert.Contains($"--query \"[?properties.privateEndpoint.id=='{waiting.Endpoint.ResourceId}'].id\"", waiting.Detail, StringComparison.Ordinal);
        Assert.Contains($"Get-AzPrivateEndpointConnection -PrivateLinkResourceId '{OnboardingWorld.Target}'", waiting.Detail, StringComparison.Ordinal);
        await WaitForCallbackAsync(id, "AwaitingApproval");
        Assert.True(_world.Emulator.ApproveConnection(endpoint));
        await PassAsync();
        await WaitForAsync(id, v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed");
    }

    [Fact]
    public async Task Ready_CustomerRejectsTheApprovedConnection_DisconnectedAfterOnePass()
    {
        await StartRunnerAsync();
        const string id = "health-rejected";
        await OnboardToReadyAsync(id);
        string endpoint = OnboardingWorld.EndpointName(id);

        Assert.True(_world.Emulator.RejectConnection(endpoint, "no longer needed"));
        ApprovalWatcherPass pass = await PassAsync();
        OnboardingView disconnected = await WaitForAsync(id, v => v.Stage == OnboardingStage.Disconnected && v.RuntimeStatus == "Completed");

        Assert.Equal(1, pass.ReadyDisconnected);
        Assert.Contains("rejected the connection", disconnected.Detail, StringComparison.Ordinal);
        Assert.Contains("no longer needed", disconnected.Detail, StringComparison.Ordinal);
        Assert.False(_world.Emulator.PrivateEndpointExists(endpoint));
    }

    [Fact]
    public async Task Ready_EndpointDeletedOutsideTheService_EndpointMissingAfterOnePass_AndOffboardEndsOffboarded()
    {
        await StartRunnerAsync();
        const string id = "health-deleted";
        await OnboardToReadyAsync(id);
        string endpoint = OnboardingWorld.EndpointName(id);

        // Someone deletes the endpoint in ARM (portal, script): the ARM API's own DELETE, not this service's workflow.
        IPrivateEndpointClient arm = Runner.App.Services.GetRequiredService<IPrivateEndpointClient>();
        PrivateEndpointOperation? deleting = await arm.BeginDeletePrivateEndpointAsync(endpoint, _timeout.Token);
        Assert.NotNull(deleting);
        while ((await arm.GetOperationStatusAsync(deleting, _timeout.Token)).State == OperationState.InProgress)
        {
            await Task.Delay(200, _timeout.Token);
        }

        await WaitUntilAsync(() => !_world.Emulator.PrivateEndpointExists(endpoint), "the endpoint is gone from ARM");
        ApprovalWatcherPass pass = await PassAsync();
        OnboardingView missing = await WaitForAsync(id, v => v.Stage == OnboardingStage.EndpointMissing && v.RuntimeStatus == "Completed");

        Assert.Equal(1, pass.EndpointsNotListed);
        Assert.Contains($"Endpoint {endpoint} was deleted outside this service", missing.Detail, StringComparison.Ordinal);
        await WaitForCallbackAsync(id, "EndpointMissing");

        using (HttpResponseMessage offboard = await Runner.Http.DeleteAsync($"/api/onboardings/{id}", _timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, offboard.StatusCode);
        }

        await WaitForAsync(id, v => v.Stage == OnboardingStage.Offboarded && v.RuntimeStatus == "Completed");
    }

    [Fact]
    public async Task Ready_ReprobeFails_DegradedWithTheReason_ThenHealsBackToReady_AndNothingChangesWhileHealthy()
    {
        // Re-probes due at every pass, and a handshake held at the shut gate fails after 1 s.
        await StartRunnerAsync(new()
        {
            ["HealthWatch:ReprobeInterval"] = "00:00:01",
            ["HealthWatch:DegradedReprobeInterval"] = "00:00:01",
            ["Connectivity:Probe:HandshakeTimeout"] = "00:00:01",
        });
        const string id = "health-degraded";
        OnboardingView ready = await OnboardToReadyAsync(id);
        int timeline = ready.Timeline.Count;

        // Healthy: a due re-probe refreshes the results, adds no timeline entry and publishes nothing.
        await WaitUntilAsync(async () => DateTime.UtcNow - (await GetAsync(id)).LastUpdatedAtUtc > TimeSpan.FromSeconds(1), "the re-probe is due");
        int callbacks = _world.Callbacks.Deliveries.Count(d => d.DestinationId == id);
        string endpointPath = $"^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft.Network/privateEndpoints/{OnboardingWorld.EndpointName(id)}$";
        int armBefore = _world.Emulator.CountRequests();
        int endpointReadsBefore = _world.Emulator.CountRequests("GET", endpointPath);
        ApprovalWatcherPass healthy = await PassAsync();
        OnboardingView stillReady = await WaitForAsync(id, v => v.RuntimeStatus == "Completed" && v.LastUpdatedAtUtc > ready.LastUpdatedAtUtc);
        IReadOnlyList<ArmJournalEntry> requests = [.. _world.Emulator.GetJournal().Skip(armBefore)];
        output.WriteLine($"ARM requests of one pass with a due re-probe of one Ready destination: {string.Join(", ", requests.Select(r => $"{r.Method} {r.Path}"))}");
        Assert.Equal(1, requests.Count(r => r.Method == "GET" && Regex.IsMatch(r.Path, ListPath))); // the pass: one list call
        Assert.Equal(1, _world.Emulator.CountRequests("GET", endpointPath) - endpointReadsBefore); // the health check: one read of the endpoint
        Assert.True(healthy.Reprobes >= 1);
        Assert.Equal(OnboardingStage.Ready, stillReady.Stage);
        Assert.Equal(timeline, stillReady.Timeline.Count);
        Assert.Equal(callbacks, _world.Callbacks.Deliveries.Count(d => d.DestinationId == id));

        _world.Proxy.Shut();
        await WaitUntilAsync(async () => DateTime.UtcNow - (await GetAsync(id)).LastUpdatedAtUtc > TimeSpan.FromSeconds(1), "the re-probe is due");
        await PassAsync();
        OnboardingView degraded = await WaitForAsync(id, v => v.Stage == OnboardingStage.Degraded && v.RuntimeStatus == "Completed");
        Assert.Contains("A re-probe failed", degraded.Detail, StringComparison.Ordinal);
        Assert.False(degraded.Probes![0].Succeeded);
        Assert.True(_world.Emulator.PrivateEndpointExists(OnboardingWorld.EndpointName(id))); // kept: the connection is approved
        await WaitForCallbackAsync(id, "Degraded");

        _world.Proxy.Open();
        await WaitUntilAsync(async () => DateTime.UtcNow - (await GetAsync(id)).LastUpdatedAtUtc > TimeSpan.FromSeconds(1), "the re-probe is due");
        await PassAsync();
        OnboardingView healed = await WaitForAsync(id, v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed");
        Assert.StartsWith("Healed", healed.Detail, StringComparison.Ordinal);
        Assert.Equal([OnboardingStage.Ready, OnboardingStage.Degraded, OnboardingStage.Ready], healed.Timeline.TakeLast(3).Select(t => t.Stage));
        Assert.Equal(2, _world.Callbacks.Deliveries.Count(d => d.DestinationId == id && d.Stage == "Ready"));
    }

    [Fact]
    public async Task Ready_RecheckFindsTheConnectionRejected_DeletesTheEndpoint_AndAResubmissionWaitsWithAPendingConnection()
    {
        await StartRunnerAsync();
        const string id = "recheck-rejected";
        await OnboardToReadyAsync(id);
        string endpoint = OnboardingWorld.EndpointName(id);

        Assert.True(_world.Emulator.RejectConnection(endpoint, "revoked"));
        using (HttpResponseMessage recheck = await Runner.Http.PostAsync($"/api/onboardings/{id}/recheck", null, _timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, recheck.StatusCode);
        }

        OnboardingView rejected = await WaitForAsync(id, v => v.Stage == OnboardingStage.Rejected && v.RuntimeStatus == "Completed");
        Assert.Contains("the endpoint was deleted", rejected.Detail, StringComparison.Ordinal);
        Assert.False(_world.Emulator.PrivateEndpointExists(endpoint));

        await SubmitAsync(id, HttpStatusCode.Accepted);
        OnboardingView waiting = await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.Equal(ConnectionStatus.Pending, waiting.Endpoint!.ConnectionStatus);
        Assert.Equal("Pending", _world.Emulator.GetConnectionStatus(endpoint));
    }

    [Fact]
    public async Task RejectedWhileWaiting_ThenResubmitted_WaitsWithAPendingConnection()
    {
        await StartRunnerAsync();
        const string id = "rejected-resubmitted";
        string endpoint = OnboardingWorld.EndpointName(id);
        await SubmitAsync(id, HttpStatusCode.Accepted);
        await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.True(_world.Emulator.RejectConnection(endpoint, "wrong account"));
        await PassAsync();
        await WaitForAsync(id, v => v.Stage == OnboardingStage.Rejected && v.RuntimeStatus == "Completed");

        await SubmitAsync(id, HttpStatusCode.Accepted);
        OnboardingView waiting = await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);

        Assert.Equal(ConnectionStatus.Pending, waiting.Endpoint!.ConnectionStatus);
        Assert.Equal("Pending", _world.Emulator.GetConnectionStatus(endpoint));
        Assert.True(_world.Emulator.ApproveConnection(endpoint));
        await PassAsync();
        await WaitForAsync(id, v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed");
    }

    [Fact]
    public async Task CancelWhileThePortsAreProbed_IsHonoured_AndTheEndpointIsDeleted()
    {
        // The handshake waits at the shut gate far longer than the test: only the cancel can end the check.
        await StartRunnerAsync(new() { ["Connectivity:Probe:HandshakeTimeout"] = "00:05:00" });
        const string id = "cancel-probing";
        _world.Proxy.Shut();
        await SubmitAsync(id, HttpStatusCode.Accepted);
        await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id)));
        await PassAsync();
        await WaitUntilAsync(() => _world.Proxy.Held > 0, "the probe waits at the gate");
        Assert.Equal(OnboardingStage.CheckingConnectivity, (await GetAsync(id)).Stage);

        using (HttpResponseMessage cancel = await Runner.Http.PostAsync($"/api/onboardings/{id}/cancel", null, _timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        }

        // Honoured while the probe still waits at the gate: the endpoint is deleted and the stage is Cancelled before any port answered.
        OnboardingView cancelled = await WaitForAsync(id, v => v.Stage == OnboardingStage.Cancelled);
        Assert.StartsWith("Cancelled by an operator", cancelled.Detail, StringComparison.Ordinal);
        Assert.False(_world.Emulator.PrivateEndpointExists(OnboardingWorld.EndpointName(id)));
        Assert.True(_world.Proxy.Held > 0, "the probe was still held at the gate");
        Assert.Null(cancelled.Probes);

        // The in-memory engine completes the instance once the abandoned probe activity returns; its result is never read.
        _world.Proxy.Open();
        OnboardingView done = await WaitForAsync(id, v => v.RuntimeStatus == "Completed");
        Assert.Equal(OnboardingStage.Cancelled, done.Stage);
        Assert.Null(done.Probes);
    }

    private async Task StartRunnerAsync(Dictionary<string, string?>? extra = null)
    {
        Dictionary<string, string?> settings = _world.ArmSettings();
        foreach ((string key, string? value) in extra ?? [])
        {
            settings[key] = value;
        }

        _runner = await InProcessRunner.StartAsync(settings, _timeout.Token);
    }

    private async Task<OnboardingView> OnboardToReadyAsync(string id)
    {
        await SubmitAsync(id, HttpStatusCode.Accepted);
        await WaitForAsync(id, v => v.Stage == OnboardingStage.AwaitingApproval);
        Assert.True(_world.Emulator.ApproveConnection(OnboardingWorld.EndpointName(id)));
        await PassAsync(); // the watcher notices the approval nobody reported
        OnboardingView ready = await WaitForAsync(id, v => v.Stage == OnboardingStage.Ready && v.RuntimeStatus == "Completed");
        await WaitForCallbackAsync(id, "Ready");
        return ready;
    }

    /// <summary>Runs one pass of the approval watcher, as its interval would.</summary>
    private async Task<ApprovalWatcherPass> PassAsync()
    {
        ApprovalWatcherPass pass = await Runner.App.Services.GetRequiredService<ApprovalWatcher>().RunOnceAsync(_timeout.Token);
        output.WriteLine($"pass: {pass}");
        return pass;
    }

    private async Task SubmitAsync(string id, HttpStatusCode expected)
    {
        using HttpResponseMessage response = await Runner.Http.PostAsJsonAsync("/api/onboardings", _world.Request(id), _timeout.Token);
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(_timeout.Token)}");
    }

    private async Task<OnboardingView> GetAsync(string id) =>
        (await Runner.Http.GetFromJsonAsync<OnboardingView>($"/api/onboardings/{id}", OnboardingJson.Options, _timeout.Token))!;

    private async Task<OnboardingView> WaitForAsync(string id, Func<OnboardingView, bool> condition)
    {
        OnboardingView? last = null;
        try
        {
            while (true)
            {
                last = await GetAsync(id);
                if (condition(last))
                {
                    return last;
                }

                await Task.Delay(100, _timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{id} stuck at {last?.Stage} ({last?.RuntimeStatus}): {last?.Detail}\n{string.Join('\n', Runner.Logs.Lines.TakeLast(40))}");
            throw;
        }
    }

    private Task WaitForCallbackAsync(string id, string stage) =>
        WaitUntilAsync(() => _world.Callbacks.Deliveries.Any(d => d.DestinationId == id && d.Stage == stage), $"the {stage} event of {id} is delivered");

    private Task WaitUntilAsync(Func<bool> condition, string what) => WaitUntilAsync(() => Task.FromResult(condition()), what);

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        try
        {
            while (!await condition())
            {
                await Task.Delay(100, _timeout.Token);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out waiting until {what}");
        }
    }
}
