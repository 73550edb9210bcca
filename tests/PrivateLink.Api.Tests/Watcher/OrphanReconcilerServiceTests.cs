using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Tests.Webhooks;
using PrivateLink.Arm;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>The runner's hosted reconciler: a failed pass is logged and retried next interval, and never stops the host.</summary>
public sealed class OrphanReconcilerServiceTests
{
    [Fact]
    public async Task ExecuteAsync_ListRefusedThenThrowingUnexpectedly_LogsEachAndRunsTheNextPass()
    {
        using CancellationTokenSource timeout = new(TimeSpan.FromSeconds(30));
        FakeTimeProvider time = new();
        var arm = new FakeArm();
        IPrivateEndpointClient client = arm;
        arm.FailNextLists(
            new ArmRequestException(403, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/privateEndpoints/read'."),
            new InvalidOperationException("task hub unreachable"));
        FakeLogger<OrphanReconcilerService> logger = new();
        await using ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(client)
            .AddSingleton<DurableTaskClient>(new RecordingDurableTaskClient())
            .AddSingleton<TimeProvider>(time)
            .AddSingleton<OrphanSightings>()
            .AddTransient<OrphanReconciler>()
            .Configure<OrphanReconcilerOptions>(o => o.Interval = TimeSpan.FromMinutes(10))
            .BuildServiceProvider();
        using OrphanReconcilerService sut = new(services, services.GetRequiredService<IOptions<OrphanReconcilerOptions>>(), time, logger);

        await sut.StartAsync(timeout.Token);
        for (int pass = 1; pass <= 3; pass++)
        {
            // ExecuteAsync starts on its own task, so its timer may not exist yet: advance until the pass has run.
            do
            {
                time.Advance(TimeSpan.FromMinutes(10));
            }
            while (!await arm.Listed.WaitAsync(TimeSpan.FromMilliseconds(50), timeout.Token));
        }

        bool stillRunning = !sut.ExecuteTask!.IsCompleted;
        await sut.StopAsync(timeout.Token);

        Assert.True(arm.ListCalls >= 3, $"passes run: {arm.ListCalls}");
        Assert.True(stillRunning, "the background service stopped on a failed pass");
        Assert.False(sut.ExecuteTask.IsFaulted);
        IReadOnlyList<FakeLogRecord> failures = [.. logger.Collector.GetSnapshot().Where(r => r.Id.Id == 4154)];
        Assert.Equal(2, failures.Count);
        Assert.Contains("AuthorizationFailed", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("task hub unreachable", failures[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Disabled_NeverLists()
    {
        FakeTimeProvider time = new();
        var arm = new FakeArm();
        IPrivateEndpointClient client = arm;
        await using ServiceProvider services = new ServiceCollection().AddLogging().AddSingleton(client).BuildServiceProvider();
        using OrphanReconcilerService sut = new(services, Options.Create(new OrphanReconcilerOptions { Enabled = false }), time, new FakeLogger<OrphanReconcilerService>());

        await sut.StartAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromHours(1));
        await sut.ExecuteTask!;

        Assert.Equal(0, arm.ListCalls);
    }
}
