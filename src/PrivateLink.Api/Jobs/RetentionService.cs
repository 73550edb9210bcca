using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.Watcher;

namespace PrivateLink.Api.Jobs;

/// <summary>Runs the history retention every <see cref="RetentionOptions.Interval"/> in the self-hosted runner.</summary>
/// <param name="services">Resolves a retention per pass.</param>
/// <param name="options">The retention options.</param>
/// <param name="timeProvider">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class RetentionService(
    IServiceProvider services,
    IOptions<RetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<RetentionService> logger) : PeriodicPassService(options.Value.Enabled, options.Value.Interval, timeProvider)
{
    /// <inheritdoc/>
    protected override Task RunPassAsync(CancellationToken cancellationToken) =>
        services.GetRequiredService<HistoryRetention>().RunOnceAsync(cancellationToken);

    /// <inheritdoc/>
    protected override void PassFailed(Exception exception) =>
        Log.RetentionPassFailed(logger, exception.GetType().Name, exception.Message, exception); // the task hub was unreachable: nothing was purged
}
