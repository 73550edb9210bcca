using System.Globalization;
using Azure.Core;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Bench.Engine;
using PrivateLink.Engine;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Bench.RealPath;

/// <summary>
/// A generic host composed through the product's own registration — <c>AddPrivateLinkOnboarding</c> (the workflow's services, the
/// real ARM adapter, the real connectivity probes, the API's options), <c>AddDurableEngine</c> (the runner's engine wiring, in memory
/// or on Azure Storage) and <c>AddOnboardingServiceOverRegisteredClient</c> — pointed at the ARM emulator over HTTPS (its
/// certificate trusted by thumbprint, the emulator's bearer token) exactly as the runner's configuration does.
/// </summary>
internal sealed class RealPathHost : IAsyncDisposable
{
    /// <summary>The resource group the endpoints are created in.</summary>
    public const string ResourceGroup = "rg-privatelink-onboarding";

    private readonly IHost _host;
    private readonly bool _durable;

    private RealPathHost(IHost host, bool durable, string hub)
    {
        _host = host;
        _durable = durable;
        Hub = hub;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
    }

    /// <summary>Gets the task hub name.</summary>
    public string Hub { get; }

    /// <summary>Gets the Durable Task client the service uses.</summary>
    public DurableTaskClient Client { get; }

    /// <summary>Gets the onboarding service, as the API resolves it.</summary>
    public OnboardingService Service => _host.Services.GetRequiredService<OnboardingService>();

    /// <summary>Gets the service provider.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>Starts the host.</summary>
    public static async Task<RealPathHost> StartAsync(ArmEmulatorServer emulator, string? storageConnection, string hub, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? replace = null)
    {
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production", Args = [] });
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        string sub = emulator.SubscriptionId;
        var configuration = new Dictionary<string, string?>
        {
            ["Arm:Endpoint"] = emulator.BaseAddress.ToString(),
            ["Arm:TrustedServerCertificateThumbprint"] = emulator.CertificateThumbprint,
            ["Arm:SubscriptionId"] = sub,
            ["Arm:ResourceGroup"] = ResourceGroup,
            ["Arm:Location"] = "eastus",
            ["Arm:SubnetId"] = $"/subscriptions/{sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-integration/subnets/snet-private-endpoints",

            // The client-side write budget (1,000 writes per 5 minutes by default) is a production throttle on the subscription's ARM
            // write quota, not engine cost: raised here so the benchmark measures the workflow, and reported separately.
            ["Arm:WriteBudget"] = "100000",
            ["DurableTask:StorageConnectionString"] = storageConnection,
            ["DurableTask:TaskHubName"] = hub,
            ["DurableTask:PartitionCount"] = "4",
            ["DurableTask:MaxQueuePollingInterval"] = "00:00:00.500",
            ["DurableTask:WorkerId"] = string.Create(CultureInfo.InvariantCulture, $"bench-{Environment.ProcessId}-{hub}"),
        };
        foreach ((string key, string? value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(configuration);
        builder.Services.AddSingleton<TokenCredential>(new EmulatorTokenCredential());
        builder.Services.AddPrivateLinkOnboarding();
        builder.Services.AddDurableEngine(r => r.AddOrchestrator<ShapeOrchestrator>().AddActivity<NoopActivity>());
        builder.Services.AddOnboardingServiceOverRegisteredClient();
        replace?.Invoke(builder.Services);
        IHost host = builder.Build();
        await host.StartAsync();
        return new RealPathHost(host, storageConnection is not null, hub);
    }

    /// <summary>Creates the approval watcher the runner's hosted service runs, from this host's services.</summary>
    public ApprovalWatcher CreateWatcher() => ActivatorUtilities.CreateInstance<ApprovalWatcher>(_host.Services);

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_durable)
        {
            // Leave Azurite as this run found it: the next run gets no tables, queues or leases of this one.
            await _host.Services.GetRequiredService<DurableTask.Core.IOrchestrationService>().DeleteAsync();
        }

        _host.Dispose();
    }
}
