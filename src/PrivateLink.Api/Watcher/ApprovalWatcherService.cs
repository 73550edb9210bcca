using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;

namespace PrivateLink.Api.Watcher;

/// <summary>Runs the approval watcher every <see cref="ApprovalWatcherOptions.Interval"/> in the self-hosted runner.</summary>
public sealed class ApprovalWatcherService(
    IServiceProvider services,
    IOptions<ApprovalWatcherOptions> options,
    TimeProvider timeProvider,
    ILogger<ApprovalWatcherService> logger) : BackgroundService
{
    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await services.GetRequiredService<ApprovalWatcher>().RunOnceAsync(stoppingToken);
            }
            catch (ArmTransientException ex)
            {
                // ARM throttled the list call: the next pass tries again; waiting onboardings are not affected.
                Log.WatcherPassThrottled(logger, ex.Status, ex.Message);
            }
            catch (ArmRequestException ex)
            {
                // ARM refused the list (403 without a role on the resource group, 404 ResourceGroupNotFound): logged, retried next interval.
                Log.WatcherPassRefused(logger, ex.Status, ex.ErrorCode, ex.Message);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Any other failure of one pass (task hub unreachable, a bug) must not stop the host's background service:
                // an unhandled exception here would end the runner (BackgroundServiceExceptionBehavior.StopHost).
                Log.WatcherPassFailed(logger, ex);
            }
        }
    }
}
