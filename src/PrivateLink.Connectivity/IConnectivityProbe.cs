namespace PrivateLink.Connectivity;

/// <summary>Checks that one port of a destination answers its protocol, negotiating TLS the way that protocol does.</summary>
/// <remarks>
/// Expected outcomes (refused, timed out, certificate invalid, clear text used) are returned as a <see cref="ProbeResult"/>;
/// exceptions are reserved for bugs and cancellation.
/// </remarks>
public interface IConnectivityProbe
{
    /// <summary>Probes one port mapping.</summary>
    /// <param name="request">What to probe and how strict to be.</param>
    /// <param name="cancellationToken">Cancels the probe.</param>
    /// <returns>The outcome with TLS details and timings.</returns>
    Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken);
}
