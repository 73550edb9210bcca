using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Jobs;
using PrivateLink.Functions.Retention;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Tests.Watcher;

public sealed class RetentionFunctionTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    [Fact]
    public async Task RunAsync_TerminatedPastTheAge_PurgesOverTheBoundClientAndKeepsTheRecord()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string id = await engine.StartBlockedOnboardingAsync();
        await engine.Client.TerminateInstanceAsync("onboard-" + id, cancellation: timeout.Token);
        await engine.Client.WaitForInstanceCompletionAsync("onboard-" + id, timeout.Token);
        var records = new InMemoryDestinationRecordStore();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        clock.Advance(TimeSpan.FromDays(91));
        var sut = new RetentionFunction(Services(enabled: true, records, clock));

        RetentionPass? pass = await sut.RunAsync(new TimerInfo(), engine.Client, timeout.Token);
        OrchestrationMetadata? instance = await engine.Client.GetInstanceAsync("onboard-" + id, timeout.Token);
        OnboardingView? record = await records.GetAsync(id, timeout.Token);

        Assert.NotNull(pass);
        Assert.True(pass.Purged >= 1, $"purged: {pass.Purged}");
        Assert.Null(instance);
        Assert.NotNull(record);
        Assert.Equal(OnboardingStage.Failed, record.Stage);
        Assert.Equal("Terminated", record.RuntimeStatus);
    }

    [Fact]
    public async Task RunAsync_Disabled_RunsNoPass()
    {
        var sut = new RetentionFunction(Services(enabled: false, new InMemoryDestinationRecordStore(), TimeProvider.System));

        RetentionPass? pass = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.Null(pass);
    }

    private static ServiceProvider Services(bool enabled, IDestinationRecordStore records, TimeProvider clock) => new ServiceCollection()
        .AddLogging()
        .AddSingleton(records)
        .AddSingleton(clock)
        .Configure<RetentionOptions>(o => o.Enabled = enabled)
        .BuildServiceProvider();
}
