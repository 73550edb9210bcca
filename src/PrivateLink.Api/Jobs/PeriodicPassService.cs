using Microsoft.Extensions.Hosting;

namespace PrivateLink.Api.Jobs;

/// <summary>Runs one pass of a background job every interval in the self-hosted runner (the approval watcher, the orphan reconciler).</summary>
/// <remarks>
/// A pass that fails for any reason is handed to <see cref="PassFailed"/> and the next interval tries again: an exception escaping
/// <see cref="ExecuteAsync"/> would end the runner (<c>BackgroundServiceExceptionBehavior.StopHost</c>).
/// </remarks>
/// <param name="enabled">Whether the job runs at all.</param>
/// <param name="interval">The time between passes.</param>
/// <param name="timeProvider">The clock the interval is measured on.</param>
public abstract class PeriodicPassService(bool enabled, TimeSpan interval, TimeProvider timeProvider) : BackgroundService
{
    /// <summary>Runs one pass.</summary>
    /// <param name="cancellationToken">Cancels the pass (host shutdown).</param>
    /// <returns>A task that completes when the pass is done.</returns>
    protected abstract Task RunPassAsync(CancellationToken cancellationToken);

    /// <summary>Logs a pass that failed; the next interval runs the job again.</summary>
    /// <param name="exception">Why the pass failed.</param>
    protected abstract void PassFailed(Exception exception);

    /// <inheritdoc/>
    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(interval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunPassAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                PassFailed(ex);
            }
        }
    }
}
