using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Arm;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Functions.Watcher;

namespace PrivateLink.Functions.Tests.Watcher;

public sealed class ApprovalWatcherFunctionTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    [Fact]
    public async Task RunAsync_RunningOnboardingWithoutOwnedEndpoint_PassSeesItAndRaisesNothing()
    {
        // The onboarding blocks in Validating (no endpoint yet), and ARM lists no endpoint: nothing to raise.
        string id = await engine.StartBlockedOnboardingAsync();
        ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IPrivateEndpointClient>(new FakeArm())
            .BuildServiceProvider();
        var sut = new ApprovalWatcherFunction(services);

        ApprovalWatcherPass pass = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal(0, pass.OwnedEndpoints);
        Assert.Equal(0, pass.EventsRaised);
    }

    [Fact]
    public async Task RunAsync_TimerFiresTwiceInTheAppsContainer_OnlyTheFirstPassSweeps()
    {
        // The function builds a watcher per invocation from the app's container: what the last pass saw lives there.
        ServiceProvider services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
            .AddOnboardingApi()
            .AddSingleton<IPrivateEndpointClient>(new FakeArm())
            .BuildServiceProvider();
        var sut = new ApprovalWatcherFunction(services);

        ApprovalWatcherPass first = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);
        ApprovalWatcherPass second = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.True(first.HealthSweep);
        Assert.False(second.HealthSweep);
    }
}
