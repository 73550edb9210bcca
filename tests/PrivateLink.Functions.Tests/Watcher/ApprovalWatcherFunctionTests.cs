using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Functions.Watcher;

namespace PrivateLink.Functions.Tests.Watcher;

public sealed class ApprovalWatcherFunctionTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    [Fact]
    public async Task RunAsync_WatcherRegistered_RunsOnePassWithTheClient()
    {
        var watcher = new RecordingWatcher();
        var sut = new ApprovalWatcherFunction([watcher], NullLogger<ApprovalWatcherFunction>.Instance);

        int ran = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.Equal(1, ran);
        Assert.Same(engine.Client, Assert.Single(watcher.Clients));
    }

    [Fact]
    public async Task RunAsync_NoWatcher_RunsNothing()
    {
        var sut = new ApprovalWatcherFunction([], NullLogger<ApprovalWatcherFunction>.Instance);

        int ran = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.Equal(0, ran);
    }

    private sealed class RecordingWatcher : IApprovalWatcher
    {
        public List<DurableTaskClient> Clients { get; } = [];

        public Task RunOnceAsync(DurableTaskClient client, CancellationToken cancellationToken)
        {
            Clients.Add(client);
            return Task.CompletedTask;
        }
    }
}
