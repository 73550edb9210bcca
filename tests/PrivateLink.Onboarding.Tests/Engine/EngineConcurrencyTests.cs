using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Engine;

namespace PrivateLink.Onboarding.Tests.Engine;

/// <summary>
/// The runner's engine runs as many activities at once as <c>DurableTask:MaxConcurrentActivities</c> says, and no more, on the
/// in-memory backend too: that backend's own bound is the processor count, which on a small machine let two activities waiting on
/// ARM hold every onboarding.
/// </summary>
public sealed class EngineConcurrencyTests : IAsyncLifetime
{
    // More than the processor count (the backend's own bound) and the activity dispatch loops, so neither can pass for the runner's.
    private static readonly int Bound = Math.Max(Environment.ProcessorCount, new DurableEngineOptions().ActivityDispatchers) + 2;

    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(2));
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _host?.Dispose();
        _timeout.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task InMemoryEngine_FanOutWiderThanTheBound_RunsExactlyTheConfiguredNumberOfActivitiesAtOnce()
    {
        CancellationToken ct = _timeout.Token;
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["DurableTask:MaxConcurrentActivities"] = Bound.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        var meeting = new Rendezvous(Bound);
        builder.Services.AddSingleton(meeting);
        builder.Services.AddDurableEngine(r => r.AddOrchestrator<FanOutOrchestrator>().AddActivity<RendezvousActivity>());
        _host = builder.Build();
        await _host.StartAsync(ct);
        DurableTaskClient client = _host.Services.GetRequiredService<DurableTaskClient>();

        // Two more than the bound: each activity waits until the bound is in flight together (bounded, so an engine running fewer
        // at once lets the wait run out and the count shows it), then stays a moment longer, so an engine running more at once
        // would have started the two others by then.
        string id = await client.ScheduleNewOrchestrationInstanceAsync(nameof(FanOutOrchestrator), Bound + 2, ct);
        OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(Bound, meeting.MostInFlight);
        Assert.Equal(Bound + 2, done.ReadOutputAs<int>());
    }

    /// <summary>Counts the activities in flight and holds each until the expected number have been in flight together.</summary>
    private sealed class Rendezvous(int expected)
    {
        private readonly object _gate = new();
        private readonly TaskCompletionSource _met = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _inFlight;

        public int MostInFlight { get; private set; }

        public async Task<bool> MeetAsync()
        {
            lock (_gate)
            {
                _inFlight++;
                MostInFlight = Math.Max(MostInFlight, _inFlight);
                if (_inFlight == expected)
                {
                    _met.TrySetResult();
                }
            }

            try
            {
                bool met = await Task.WhenAny(_met.Task, Task.Delay(TimeSpan.FromSeconds(10))) == _met.Task;
                await Task.Delay(TimeSpan.FromMilliseconds(300));
                return met;
            }
            finally
            {
                lock (_gate)
                {
                    _inFlight--;
                }
            }
        }
    }

    private sealed class FanOutOrchestrator : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            bool[] met = await Task.WhenAll(Enumerable.Range(0, input).Select(_ => context.CallActivityAsync<bool>(nameof(RendezvousActivity))));
            return met.Count(m => m);
        }
    }

    private sealed class RendezvousActivity(Rendezvous meeting) : TaskActivity<object?, bool>
    {
        public override Task<bool> RunAsync(TaskActivityContext context, object? input) => meeting.MeetAsync();
    }
}
