using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Watcher;

/// <summary>The shared <see cref="ApprovalWatcher"/> as a timer trigger: one pass per minute.</summary>
/// <remarks>
/// A customer's approval reaches a waiting onboarding either through the approval notification route or through this pass
/// (one paged ARM list per interval, whatever the number of waiting onboardings). Timer triggers run as a singleton across
/// instances. The watcher is created per pass with the binding's <see cref="DurableTaskClient"/>, which is not in DI in Functions.
/// </remarks>
/// <param name="services">The worker's services (ARM adapter, logging).</param>
public sealed class ApprovalWatcherFunction(IServiceProvider services)
{
    /// <summary>The NCRONTAB schedule: at second 0 of every minute.</summary>
    public const string Schedule = "0 */1 * * * *";

    /// <summary>Runs one pass of the approval watcher.</summary>
    /// <param name="timer">The timer information.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the pass (host shutdown).</param>
    /// <returns>What the pass did.</returns>
    [Function("ApprovalWatcher")]
    public Task<ApprovalWatcherPass> RunAsync(
        [TimerTrigger(Schedule)] TimerInfo timer,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        ActivatorUtilities.CreateInstance<ApprovalWatcher>(services, new OnboardingService(client)).RunOnceAsync(cancellationToken);
}
