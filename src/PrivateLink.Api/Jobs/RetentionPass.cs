namespace PrivateLink.Api.Jobs;

/// <summary>What one retention pass did.</summary>
/// <param name="Finished">Finished onboardings last updated before the age that the pass read.</param>
/// <param name="Kept">Of those, destinations kept because they still hold an endpoint (Ready, Degraded, ConnectivityFailed, or a failed re-check, health check or offboarding of one).</param>
/// <param name="Purged">Instances purged, each after its record was written.</param>
/// <param name="Failed">Instances not purged because the record could not be written or the purge failed; the next pass tries again.</param>
public sealed record RetentionPass(int Finished, int Kept, int Purged, int Failed);
