using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Engine;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.TestKit;

/// <summary>The real orchestrators and activities on the runner's in-process Durable Task engine, with fakes behind the ARM and probe seams.</summary>
public sealed class WorkflowHarness : IAsyncDisposable
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
        builder.Services.AddSingleton<IPrivateDnsClient>(_ => harness!.Arm);
        builder.Services.AddSingleton<IConnectivityProbe>(_ => harness!.Probe);
        builder.Services.AddSingleton<IDestinationEventSink>(_ => harness!.Events);
        builder.Services.AddDurableEngine();
        configure?.Invoke(builder.Services);
        IHost host = builder.Build();
        harness = new WorkflowHarness(host);
        await host.StartAsync();
        return harness;
    }

    public Task StartOnboardingAsync(OnboardDestinationInput input, CancellationToken cancellationToken) =>
        Client.ScheduleNewOrchestrationInstanceAsync(nameof(OnboardDestinationOrchestrator), input, new StartOrchestrationOptions(input.InstanceId), cancellationToken);

    /// <summary>Raises an approval notification, as the API does; the workflow checks it against ARM.</summary>
    public Task RaiseApprovalAsync(OnboardDestinationInput input, CancellationToken cancellationToken) =>
        Client.RaiseEventAsync(input.InstanceId, WorkflowEvents.ConnectionStateChanged, new ConnectionStateChangedEvent("test", "Approved"), cancellationToken);

    public Task<OrchestrationMetadata> WaitForCompletionAsync(OnboardDestinationInput input, CancellationToken cancellationToken) =>
        Client.WaitForInstanceCompletionAsync(input.InstanceId, getInputsAndOutputs: true, cancellationToken);

    public Task WaitForStageAsync(OnboardDestinationInput input, OnboardingStage stage, CancellationToken cancellationToken) =>
        Client.WaitForStageAsync(input.InstanceId, stage, cancellationToken);

    public static Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken) => Stages.WaitUntilAsync(condition, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
