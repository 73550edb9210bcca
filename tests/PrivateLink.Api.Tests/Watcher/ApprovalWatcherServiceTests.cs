using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Watcher;
using PrivateLink.Arm;
using PrivateLink.Engine;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>The runner's watcher loop: a refused or failed pass is logged and retried next interval, and never stops the host.</summary>
public sealed class ApprovalWatcherServiceTests
{
    [Fact]
    public async Task ExecuteAsync_PassRefusedThenFailed_KeepsRunningAndRetriesNextInterval()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var arm = new ScriptedListArm(
            new ArmRequestException(403, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/privateEndpoints/read'."),
            new InvalidOperationException("task hub unreachable"));
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddDurableEngine();
        builder.Services.AddSingleton<IPrivateEndpointClient>(arm);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTransient<ApprovalWatcher>();
        builder.Services.Configure<ApprovalWatcherOptions>(o => o.Interval = TimeSpan.FromMinutes(1));
        builder.Services.AddHostedService<ApprovalWatcherService>();
        using IHost host = builder.Build();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(timeout.Token);

        while (arm.Passes < 3)
        {
            timeout.Token.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20, timeout.Token);
        }

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync(timeout.Token);
        Assert.True(arm.Passes >= 3);
    }

    /// <summary>Answers the list call with the scripted failures, then with no endpoints.</summary>
    private sealed class ScriptedListArm(params Exception[] failures) : IPrivateEndpointClient
    {
        private int _passes;

        public int Passes => Volatile.Read(ref _passes);

        public async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            int pass = Interlocked.Increment(ref _passes);
            await Task.Yield();
            if (pass <= failures.Length)
            {
                throw failures[pass - 1];
            }

            yield break;
        }

        public Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<TargetResourceInfo?> GetTargetAsync(string targetResourceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PrivateEndpointInfo> CreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<bool> DeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
