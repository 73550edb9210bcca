using System.Collections.Concurrent;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>A replay store in process memory: for the in-memory engine and tests, where there is one instance and nothing is durable anyway.</summary>
/// <param name="timeProvider">The clock that decides when records expire.</param>
public sealed class InMemoryWebhookReplayStore(TimeProvider timeProvider) : IWebhookReplayStore
{
    /// <summary>How many records trigger a sweep of expired ones.</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<(string Scope, string Key), DateTimeOffset> _seen = new();

    /// <inheritdoc/>
    public Task<bool> TryRecordAsync(string scope, string deliveryKey, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(scope);
        ArgumentException.ThrowIfNullOrEmpty(deliveryKey);
        DateTimeOffset now = timeProvider.GetUtcNow();
        if (_seen.Count >= SweepThreshold)
        {
            foreach (KeyValuePair<(string, string), DateTimeOffset> entry in _seen.Where(e => e.Value <= now))
            {
                _seen.TryRemove(entry);
            }
        }

        (string, string) key = (scope, deliveryKey);
        while (true)
        {
            if (_seen.TryAdd(key, expiresAt))
            {
                return Task.FromResult(true);
            }

            // An expired record no longer counts; replace it atomically or lose to a concurrent writer and look again.
            if (_seen.TryGetValue(key, out DateTimeOffset existing))
            {
                if (existing > now)
                {
                    return Task.FromResult(false);
                }

                if (_seen.TryUpdate(key, expiresAt, existing))
                {
                    return Task.FromResult(true);
                }
            }
        }
    }

    /// <inheritdoc/>
    public Task ForgetAsync(string scope, string deliveryKey, CancellationToken cancellationToken)
    {
        _seen.TryRemove((scope, deliveryKey), out _);
        return Task.CompletedTask;
    }
}
