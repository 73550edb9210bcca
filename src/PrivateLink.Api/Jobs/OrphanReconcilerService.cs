using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;

namespace PrivateLink.Api.Jobs;

/// <summary>Runs the orphan reconciler every <see cref="OrphanReconcilerOptions.Interval"/> in the self-hosted runner.</summary>
/// <param name="services">Resolves a reconciler per pass.</param>
/// <param name="options">The reconciler's options.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class OrphanReconcilerService(
    IServiceProvider services,
    IOptions<OrphanReconcilerOptions> options,
    TimeProvider timeProvider,
    ILogger<OrphanReconcilerService> logger) : PeriodicPassService(options.Value.Enabled, options.Value.Interval, timeProvider)
{
    /// <inheritdoc/>
    protected override Task RunPassAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<OrphanReconciler>().RunOnceAsync(cancellationToken);

    /// <inheritdoc/>
    protected override void PassFailed(Exception exception)
    {
        // ARM refused or throttled the list, the task hub was unreachable, …: nothing was deleted that should not be.
        string message = exception switch
        {
            ArmRequestException arm => $"ARM answered {arm.Status} {arm.ErrorCode}: {arm.Message}",
            ArmTransientException arm => $"ARM answered {arm.Status} {arm.ErrorCode}: {arm.Message}",
            _ => exception.Message,
        };
        Log.OrphanReconcilerPassFailed(logger, exception.GetType().Name, message, exception);
    }
}
