using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Arm;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.Functions.Watcher;

namespace PrivateLink.Functions.Tests.Watcher;

public sealed class OrphanReconcilerFunctionTests(DurableEngineFixture engine) : IClassFixture<DurableEngineFixture>
{
    [Fact]
    public async Task RunAsync_NoOwnedEndpoint_PassOverTheBoundClientDeletesNothing()
    {
        ServiceProvider services = Services(enabled: true);
        var sut = new OrphanReconcilerFunction(services);

        OrphanReconcilerPass? pass = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.Equal(new OrphanReconcilerPass(0, 0, 0, 0, 0), pass);
    }

    [Fact]
    public async Task RunAsync_Disabled_RunsNoPass()
    {
        ServiceProvider services = Services(enabled: false);
        var sut = new OrphanReconcilerFunction(services);

        OrphanReconcilerPass? pass = await sut.RunAsync(new TimerInfo(), engine.Client, CancellationToken.None);

        Assert.Null(pass);
    }

    private static ServiceProvider Services(bool enabled) => new ServiceCollection()
        .AddLogging()
        .AddSingleton<IPrivateEndpointClient>(new FakeArm())
        .AddSingleton(TimeProvider.System)
        .AddSingleton<OrphanSightings>()
        .Configure<OrphanReconcilerOptions>(o => o.Enabled = enabled)
        .BuildServiceProvider();
}
