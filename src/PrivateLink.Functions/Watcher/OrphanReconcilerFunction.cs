using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;

namespace PrivateLink.Functions.Watcher;

/// <summary>The shared <see cref="OrphanReconciler"/> as a timer trigger: one pass every 10 minutes.</summary>
/// <remarks>
/// Timer triggers run as a singleton across instances. The reconciler is created per pass with the binding's
/// <see cref="DurableTaskClient"/>, which is not in DI in Functions; the sightings that time the grace period are a worker singleton.
/// A failed pass fails this invocation only (logged by the host); the next schedule tries again.
/// </remarks>
/// <param name="services">The worker's services (ARM adapter, options, logging).</param>
public sealed class OrphanReconcilerFunction(IServiceProvider services)
{
    /// <summary>The NCRONTAB schedule: at second 0 of every tenth minute.</summary>
    public const string Schedule = "0 */10 * * * *";

    /// <summary>Runs one pass of the orphan reconciler, unless <see cref="OrphanReconcilerOptions.Enabled"/> is false.</summary>
    /// <param name="timer">The timer information.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the pass (host shutdown).</param>
    /// <returns>What the pass did, or null when the reconciler is disabled.</returns>
    [Function("OrphanReconciler")]
    public async Task<OrphanReconcilerPass?> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        if (!services.GetRequiredService<IOptions<OrphanReconcilerOptions>>().Value.Enabled)
        {
            return null;
        }

        return await ActivatorUtilities.CreateInstance<OrphanReconciler>(services, client).RunOnceAsync(cancellationToken);
    }
}
