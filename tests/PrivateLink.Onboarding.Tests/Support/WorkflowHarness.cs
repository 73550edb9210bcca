using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Host.Engine;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Onboarding.Tests.Support;

/// <summary>The real orchestrators and activities on the runner's in-process Durable Task engine, with fakes behind the ARM and probe seams.</summary>
internal sealed class WorkflowHarness : IAsyncDisposable
{
    private readonly IHost _host;

    private WorkflowHarness(IHost host)
    {
        _host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    public FakeArm Arm { get; } = new();

    public FakeProbe Probe { get; } = new();

    public RecordingEventSink Events { get; } = new();

    public DurableTaskClient Client { get; }

    public IServiceProvider Services => _host.Services;

    public static async Task<WorkflowHarness> StartAsync(Action<IServiceCollection>? configure = null)
    {
        WorkflowHarness? harness = null;
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IPrivateEndpointClient>(_ => harness!.Arm);
        builder.Services.AddSingleton<IConnectivityProbe>(_ => harness!.Probe);
        builder.Services.AddSingleton<IDestinationEventSink>(_ => harness!.Events);
        builder.Services.AddDurableEngine();
        configure?.Invoke(builder.Services);
        IHost host = builder.Build();
        harness = new WorkflowHarness(host);
        await host.StartAsync();
        return harness;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
