using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Arm;
using PrivateLink.Engine;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Tests.Watcher;

/// <summary>The runner's watcher loop: a refused or failed pass is logged and retried next interval, and never stops the host.</summary>
public sealed class ApprovalWatcherServiceTests
{
    [Fact]
    public async Task ExecuteAsync_PassRefusedThenFailed_KeepsRunningAndRetriesNextInterval()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var arm = new FakeArm();
        arm.FailNextLists(
            new ArmRequestException(403, "AuthorizationFailed", "The client does not have authorization to perform action 'Microsoft.Network/privateEndpoints/read'."),
            new InvalidOperationException("task hub unreachable"));
        HostApplicationBuilder builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.Services.AddDurableEngine();
        builder.Services.AddSingleton<IPrivateEndpointClient>(arm);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddTransient<OnboardingService>();
        builder.Services.AddTransient<ApprovalWatcher>();
        builder.Services.Configure<ApprovalWatcherOptions>(o => o.Interval = TimeSpan.FromMinutes(1));
        builder.Services.AddHostedService<ApprovalWatcherService>();
        using IHost host = builder.Build();
        IHostApplicationLifetime lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        await host.StartAsync(timeout.Token);

        while (arm.ListCalls < 3)
        {
            timeout.Token.ThrowIfCancellationRequested();
            time.Advance(TimeSpan.FromMinutes(1));
            await Task.Delay(20, timeout.Token);
        }

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested);
        await host.StopAsync(timeout.Token);
        Assert.True(arm.ListCalls >= 3);
    }
}
