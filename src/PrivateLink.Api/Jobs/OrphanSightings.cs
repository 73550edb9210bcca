using System.Collections.Concurrent;

namespace PrivateLink.Api.Jobs;

/// <summary>When each orphaned endpoint was first seen orphaned, kept between passes of the orphan reconciler (one per process).</summary>
/// <remarks>
/// Keyed by the endpoint's resource ID and a fingerprint of why it is orphaned (the destination's instance and stage), so a
/// destination onboarded again starts a new grace period. In memory on purpose: losing it only delays a deletion.
/// </remarks>
public sealed class OrphanSightings
{
    private readonly ConcurrentDictionary<string, (string Fingerprint, DateTimeOffset FirstSeen)> sightings = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Records a sighting and returns when this endpoint was first seen orphaned for the same reason.</summary>
    /// <param name="resourceId">The endpoint's resource ID.</param>
    /// <param name="fingerprint">Why it is orphaned; a different reason restarts the clock.</param>
    /// <param name="now">The time of this sighting.</param>
    /// <returns>The first sighting's time.</returns>
    public DateTimeOffset Sight(string resourceId, string fingerprint, DateTimeOffset now) =>
        sightings.AddOrUpdate(
            resourceId,
            _ => (fingerprint, now),
            (_, existing) => string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal) ? existing : (fingerprint, now)).FirstSeen;

    /// <summary>Forgets every endpoint not in <paramref name="stillOrphaned"/> (deleted, gone, or needed again).</summary>
    /// <param name="stillOrphaned">The resource IDs seen orphaned by the latest pass and not deleted.</param>
    public void RetainOnly(IReadOnlySet<string> stillOrphaned)
    {
        foreach (string resourceId in sightings.Keys)
        {
            if (!stillOrphaned.Contains(resourceId))
            {
                sightings.TryRemove(resourceId, out _);
            }
        }
    }
}
