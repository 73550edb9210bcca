using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Jobs;

namespace PrivateLink.Functions.Retention;

/// <summary>The shared <see cref="HistoryRetention"/> as a timer trigger: one pass every hour.</summary>
/// <remarks>
/// Timer triggers run as a singleton across instances. The retention is created per pass with the binding's
/// <see cref="DurableTaskClient"/>, which is not in DI in Functions. A failed pass fails this invocation only (logged by the host);
/// the next schedule tries again.
/// </remarks>
/// <param name="services">The worker's services (record store, options, clock, logging).</param>
public sealed class RetentionFunction(IServiceProvider services)
{
    /// <summary>The NCRONTAB schedule: at minute 17 of every hour (away from the other timers' round minutes).</summary>
    public const string Schedule = "0 17 * * * *";

    /// <summary>Runs one retention pass, unless <see cref="RetentionOptions.Enabled"/> is false.</summary>
    /// <param name="timer">The timer information.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the pass (host shutdown).</param>
    /// <returns>What the pass did, or null when retention is disabled.</returns>
    [Function("Retention")]
    public async Task<RetentionPass?> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<IOptions<RetentionOptions>>().Value.Enabled)
        {
            return null;
        }

        return await ActivatorUtilities.CreateInstance<HistoryRetention>(services, client).RunOnceAsync(cancellationToken);
    }
}
