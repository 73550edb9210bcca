using System.Collections.Concurrent;

namespace PrivateLink.Api.Outbound.Tickets;

/// <summary>A posted-comment store in process memory: for the in-memory engine and tests, where one instance runs and nothing is durable anyway.</summary>
/// <param name="timeProvider">The clock that decides when records expire.</param>
public sealed class InMemoryPostedCommentStore(TimeProvider timeProvider) : IPostedCommentStore
{
    /// <summary>How many records trigger a sweep of expired ones.</summary>
    private const int SweepThreshold = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _posted = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task<bool> WasPostedAsync(string commentKey, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commentKey);
        return Task.FromResult(_posted.TryGetValue(commentKey, out DateTimeOffset expiresAt) && expiresAt > timeProvider.GetUtcNow());
    }

    /// <inheritdoc/>
    public Task RecordPostedAsync(string commentKey, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(commentKey);
        if (_posted.Count >= SweepThreshold)
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            foreach (KeyValuePair<string, DateTimeOffset> entry in _posted.Where(e => e.Value <= now))
            {
                _posted.TryRemove(entry);
            }
        }

        _posted[commentKey] = expiresAt;
        return Task.CompletedTask;
    }
}
