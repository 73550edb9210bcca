using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Jobs;
using PrivateLink.Arm;

namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>Runs the approval watcher every <see cref="ApprovalWatcherOptions.Interval"/> in the self-hosted runner.</summary>
/// <param name="services">Resolves a watcher per pass.</param>
/// <param name="options">The watcher's options.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class ApprovalWatcherService(
    IServiceProvider services,
    IOptions<ApprovalWatcherOptions> options,
    TimeProvider timeProvider,
    ILogger<ApprovalWatcherService> logger) : PeriodicPassService(options.Value.Enabled, options.Value.Interval, timeProvider)
{
    /// <inheritdoc/>
    protected override Task RunPassAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<ApprovalWatcher>().RunOnceAsync(cancellationToken);

    /// <inheritdoc/>
    protected override void PassFailed(Exception exception)
    {
        switch (exception)
        {
            case ArmTransientException ex:
                // ARM throttled the list call: waiting onboardings are not affected.
                Log.WatcherPassThrottled(logger, ex.Status, ex.Message);
                break;
            case ArmRequestException ex:
                // ARM refused the list (403 without a role on the resource group, 404 ResourceGroupNotFound).
                Log.WatcherPassRefused(logger, ex.Status, ex.ErrorCode, ex.Message);
                break;
            default:
                // Any other failure of one pass (task hub unreachable, a bug).
                Log.WatcherPassFailed(logger, exception);
                break;
        }
    }
}
