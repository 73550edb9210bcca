using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;

namespace PrivateLink.Api.Watcher;

/// <summary>Runs the orphan reconciler every <see cref="OrphanReconcilerOptions.Interval"/> in the self-hosted runner.</summary>
/// <remarks>A pass that fails for any reason is logged and the next interval tries again: a failed pass never stops the host.</remarks>
public sealed class OrphanReconcilerService(
    IServiceProvider services,
    IOptions<OrphanReconcilerOptions> options,
    TimeProvider timeProvider,
    ILogger<OrphanReconcilerService> logger) : BackgroundService
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
                await services.GetRequiredService<OrphanReconciler>().RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // ARM refused or throttled the list, the task hub was unreachable, …: nothing was deleted that should not be; try again next time.
                string message = ex switch
                {
                    ArmRequestException arm => $"ARM answered {arm.Status} {arm.ErrorCode}: {arm.Message}",
                    ArmTransientException arm => $"ARM answered {arm.Status} {arm.ErrorCode}: {arm.Message}",
                    _ => ex.Message,
                };
                Log.OrphanReconcilerPassFailed(logger, ex.GetType().Name, message, ex);
            }
        }
    }
}
