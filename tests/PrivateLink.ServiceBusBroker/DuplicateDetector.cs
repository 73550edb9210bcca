namespace PrivateLink.ServiceBusBroker;

/// <summary>Remembers the MessageIds a queue or topic accepted within its duplicate-detection window.</summary>
/// <param name="window">How long an id is remembered.</param>
internal sealed class DuplicateDetector(TimeSpan window)
{
    private readonly Dictionary<string, DateTime> _seen = new(StringComparer.Ordinal);

    /// <summary>Records the id and tells whether it was already seen within the window (the caller holds the broker's lock).</summary>
    public bool IsDuplicate(string? messageId, DateTime nowUtc)
    {
        if (messageId is null)
        {
            return false;
        }

        if (_seen.TryGetValue(messageId, out DateTime seenAt) && nowUtc - seenAt < window)
        {
            return true;
        }

        _seen[messageId] = nowUtc;
        if (_seen.Count > 10_000)
        {
            foreach (string id in _seen.Where(p => nowUtc - p.Value >= window).Select(p => p.Key).ToList())
            {
                _seen.Remove(id);
            }
        }

        return false;
    }
}
