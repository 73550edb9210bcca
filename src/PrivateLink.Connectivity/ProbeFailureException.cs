namespace PrivateLink.Connectivity;

/// <summary>Ends a probe early with an expected outcome; the runner turns it into a <see cref="ProbeResult"/>.</summary>
internal sealed class ProbeFailureException(ProbeStatus status, string reason, Exception? inner = null) : Exception(reason, inner)
{
    /// <summary>Gets the outcome.</summary>
    public ProbeStatus Status { get; } = status;
}
