namespace PrivateLink.Arm;

/// <summary>A token bucket over ARM writes: at most <see cref="ArmOptions.WriteBudget"/> writes start per <see cref="ArmOptions.WriteBudgetWindow"/>.</summary>
/// <remarks>
/// The bucket starts full and is refilled in full once per window by a <see cref="TimeProvider"/> timer, so tests drive it with a
/// fake clock. (<c>System.Threading.RateLimiting.TokenBucketRateLimiter</c> was tried first: with manual replenishment it still
/// measures elapsed real time, so a fake clock cannot drive it.) Callers wait in arrival order; cancellation stops a wait.
/// </remarks>
internal sealed class ArmWriteLimiter : IDisposable
{
    private readonly Lock gate = new();
    private readonly LinkedList<TaskCompletionSource> waiters = new();
    private readonly int budget;
    private readonly int queueLimit;
    private readonly ITimer timer;
    private int tokens;

    public ArmWriteLimiter(int budget, TimeSpan window, int queueLimit, TimeProvider timeProvider)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, 1);
        this.budget = budget;
        this.queueLimit = queueLimit;
        tokens = budget;
        timer = timeProvider.CreateTimer(static state => ((ArmWriteLimiter)state!).Refill(), this, window, window);
    }

    /// <summary>Gets the tokens left in the current window.</summary>
    public int AvailableTokens
    {
        get
        {
            lock (gate)
            {
                return tokens;
            }
        }
    }

    /// <summary>Waits for a write token.</summary>
    /// <exception cref="ArmTransientException">Too many writes are already waiting.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public async ValueTask AcquireAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        LinkedListNode<TaskCompletionSource> node;
        lock (gate)
        {
            if (tokens > 0 && waiters.Count == 0)
            {
                tokens--;
                return;
            }

            if (waiters.Count >= queueLimit)
            {
                throw new ArmTransientException(429, "ClientWriteBudgetExhausted", "Too many ARM writes are waiting for the client-side write budget.", retryAfter: null);
            }

            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            node = waiters.AddLast(waiter);
        }

        await using CancellationTokenRegistration registration = cancellationToken.Register(() =>
        {
            lock (gate)
            {
                if (node.List is not null)
                {
                    waiters.Remove(node);
                }
            }

            waiter.TrySetCanceled(cancellationToken);
        });
        await waiter.Task.ConfigureAwait(false);
    }

    public void Dispose() => timer.Dispose();

    private void Refill()
    {
        var released = new List<TaskCompletionSource>();
        lock (gate)
        {
            tokens = budget;
            while (tokens > 0 && waiters.First is { } first)
            {
                waiters.RemoveFirst();
                tokens--;
                released.Add(first.Value);
            }
        }

        foreach (TaskCompletionSource waiter in released)
        {
            waiter.TrySetResult();
        }
    }
}
