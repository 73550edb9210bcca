using Azure.Data.Tables;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Engine;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// The runner's engine on the Azure Storage backend (Azurite) stops within the host's shutdown timeout with its partition leases
/// released, even while an orchestration episode is still in flight: the next runner on the task hub can then take the partitions
/// at once instead of competing with a worker still stopping in the background.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EngineStopTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromMinutes(4));
    private readonly AzuriteTaskHub _hub = new("stop");
    private IHost? _host;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        BlockingOrchestrator.Gate.Set();
        _host?.Dispose();
        await _hub.DisposeAsync();

        _timeout.Dispose();
    }

    [Fact]
    public async Task Stop_WhileAnEpisodeOutlastsTheDispatchersWait_ReleasesThePartitionLeaseBeforeTheHostStopsWaiting()
    {
        CancellationToken ct = _timeout.Token;
        BlockingOrchestrator.Gate.Reset();
        BlockingOrchestrator.Entered.Reset();
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Configuration.AddInMemoryCollection(_hub.Settings());

        // The host's default; named so the bound this test is about is visible.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        builder.Services.AddDurableEngine(r => r.AddOrchestrator<BlockingOrchestrator>());
        _host = builder.Build();
        await _host.StartAsync(ct);
        DurableTaskClient client = _host.Services.GetRequiredService<DurableTaskClient>();

        // An episode in flight that does not finish while the runner stops (on a loaded storage account, a slow checkpoint): the
        // dispatcher waits for it a few seconds, then the backend stops. Graceful, the backend waited up to 60 s for that session
        // before it released the partition; the host stopped waiting after 30 s and left the worker running with the lease.
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(BlockingOrchestrator), new StartOrchestrationOptions("held"), ct);
        await WaitAsync(() => BlockingOrchestrator.Entered.IsSet, ct);
        await _host.StopAsync(CancellationToken.None);

        var partitions = new TableClient(_hub.ConnectionString, _hub.Name + "Partitions");
        List<TableEntity> leases = [];
        await foreach (TableEntity lease in partitions.QueryAsync<TableEntity>(cancellationToken: ct))
        {
            leases.Add(lease);
        }

        BlockingOrchestrator.Gate.Set();
        TableEntity only = Assert.Single(leases);
        Assert.Null(only.GetString("CurrentOwner"));
    }

    private static async Task WaitAsync(Func<bool> condition, CancellationToken ct)
    {
        while (!condition())
        {
            await Task.Delay(100, ct);
        }
    }

    /// <summary>An orchestration whose first episode blocks its dispatcher slot until the test lets it go (test only: real orchestrators never block).</summary>
    private sealed class BlockingOrchestrator : TaskOrchestrator<object?, string>
    {
        public static ManualResetEventSlim Gate { get; } = new(false);

        public static ManualResetEventSlim Entered { get; } = new(false);

        public override Task<string> RunAsync(TaskOrchestrationContext context, object? input)
        {
            if (!context.IsReplaying)
            {
                Entered.Set();
                Gate.Wait(TimeSpan.FromMinutes(2));
            }

            return Task.FromResult(context.InstanceId);
        }
    }
}
