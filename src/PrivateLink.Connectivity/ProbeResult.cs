using PrivateLink.Connectivity.NameResolution;

namespace PrivateLink.Connectivity;

/// <summary>What a probe found on one port.</summary>
/// <param name="Status">The outcome.</param>
/// <param name="Port">The probed port.</param>
/// <param name="Protocol">The probed protocol.</param>
/// <param name="Detail">A reason a support engineer can act on (for example "connection refused" or "certificate name mismatch: expected X, got Y").</param>
/// <param name="Tls">The negotiated TLS session, when TLS was used.</param>
/// <param name="ClearText">True when the probe succeeded in clear text after TLS failed (only when TLS was not required).</param>
/// <param name="TlsFailureReason">Why TLS failed, when the probe fell back to clear text or failed on TLS.</param>
/// <param name="Timings">How long each phase took.</param>
/// <param name="NameResolution">The name-resolution check, when the request gave the endpoint's addresses.</param>
public sealed record ProbeResult(
    ProbeStatus Status,
    int Port,
    ProbeProtocol Protocol,
    string Detail,
    TlsSessionInfo? Tls,
    bool ClearText,
    string? TlsFailureReason,
    ProbeTimings Timings,
    NameResolutionResult? NameResolution = null)
{
    /// <summary>Gets a value indicating whether the port is usable.</summary>
    public bool Succeeded => Status == ProbeStatus.Succeeded;
}
