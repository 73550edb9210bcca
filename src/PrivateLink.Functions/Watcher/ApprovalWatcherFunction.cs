using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Functions.Watcher;

/// <summary>The approval watcher as a timer trigger: one pass per minute.</summary>
/// <remarks>
/// A customer's approval reaches a waiting onboarding either through the approval notification route or through this pass
/// (one paged ARM list per interval, whatever the number of waiting onboardings). The timer is a singleton across instances.
/// </remarks>
/// <param name="watchers">The registered watcher (none until the shared watcher is registered).</param>
/// <param name="logger">The logger.</param>
public sealed class ApprovalWatcherFunction(IEnumerable<IApprovalWatcher> watchers, ILogger<ApprovalWatcherFunction> logger)
{
    /// <summary>The NCRONTAB schedule: at second 0 of every minute.</summary>
    public const string Schedule = "0 */1 * * * *";

    /// <summary>Runs one pass of every registered watcher.</summary>
    /// <param name="timer">The timer information.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the pass (host shutdown).</param>
    /// <returns>The number of watchers run.</returns>
    [Function("ApprovalWatcher")]
    public async Task<int> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        int ran = 0;
        foreach (IApprovalWatcher watcher in watchers)
        {
            await watcher.RunOnceAsync(client, cancellationToken);
            ran++;
        }

        if (ran == 0)
        {
            Log.NoApprovalWatcher(logger);
        }

        return ran;
    }
}
