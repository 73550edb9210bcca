using System.Threading.RateLimiting;

namespace PrivateLink.Arm;

/// <summary>A token bucket over ARM writes: at most <see cref="ArmOptions.WriteBudget"/> writes start per <see cref="ArmOptions.WriteBudgetWindow"/>.</summary>
/// <remarks>
/// The bucket starts full and is refilled in full once per window by a <see cref="TimeProvider"/> timer (so tests drive it with a
/// fake clock). Callers wait in order for a token; cancellation stops the wait.
/// </remarks>
internal sealed class ArmWriteLimiter : IDisposable
{
    private readonly TokenBucketRateLimiter limiter;
    private readonly ITimer timer;

    public ArmWriteLimiter(int budget, TimeSpan window, int queueLimit, TimeProvider timeProvider)
    {
        limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = budget,
            TokensPerPeriod = budget,
            ReplenishmentPeriod = window,
            AutoReplenishment = false,
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        });
        timer = timeProvider.CreateTimer(static state => ((TokenBucketRateLimiter)state!).TryReplenish(), limiter, window, window);
    }

    /// <summary>Gets the tokens left in the current window.</summary>
    public long AvailableTokens => limiter.GetStatistics()?.CurrentAvailablePermits ?? 0;

    /// <summary>Waits for a write token.</summary>
    /// <exception cref="ArmTransientException">Too many writes are already waiting.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        RateLimitLease lease = await limiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new ArmTransientException(429, "ClientWriteBudgetExhausted", "Too many ARM writes are waiting for the client-side write budget.", retryAfter: null);
        }

        return lease;
    }

    public void Dispose()
    {
        timer.Dispose();
        limiter.Dispose();
    }
}
