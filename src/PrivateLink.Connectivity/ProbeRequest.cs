namespace PrivateLink.Connectivity;

/// <summary>One port mapping to probe.</summary>
/// <param name="Protocol">The protocol the port speaks.</param>
/// <param name="HostName">The destination host name: used for SNI and certificate validation.</param>
/// <param name="ConnectAddress">Where to connect (an IP address or a name to resolve); when null, <paramref name="HostName"/> is resolved.</param>
/// <param name="Port">The TCP port.</param>
/// <param name="RequireTls">When true, any TLS failure (declined, handshake, certificate) fails the probe; when false, TLS is still tried first and any failure is followed by a clear-text retry that says why TLS failed.</param>
/// <param name="TrustedCaBundlePem">Optional PEM bundle of extra CA certificates trusted for this destination.</param>
/// <param name="PinnedCertificateSha256">Optional SHA-256 fingerprint (hex) of the server certificate; a match is accepted even from an untrusted CA.</param>
/// <param name="TlsMode">Whether TLS starts after the protocol's own negotiation or directly (PostgreSQL 17, TDS 8 strict).</param>
/// <param name="DestinationId">The destination the port belongs to, for logs only; never a secret.</param>
/// <param name="ExpectedAddresses">The endpoint's private IP addresses: when given, <paramref name="HostName"/> is also resolved the way the
/// connectors will and the result says whether it resolves to one of them (<see cref="ProbeResult.NameResolution"/>).</param>
/// <param name="StrictNameResolution">When true, a host name that does not resolve to the endpoint's private IP fails the probe
/// (<see cref="ProbeStatus.NameNotPrivate"/>); when false, it is a warning on a successful probe.</param>
/// <remarks>This record is stored in durable history in clear: it must never carry credentials.</remarks>
public sealed record ProbeRequest(
    ProbeProtocol Protocol,
    string HostName,
    string? ConnectAddress,
    int Port,
    bool RequireTls = true,
    string? TrustedCaBundlePem = null,
    string? PinnedCertificateSha256 = null,
    ProbeTlsMode TlsMode = ProbeTlsMode.Negotiated,
    string? DestinationId = null,
    IReadOnlyList<string>? ExpectedAddresses = null,
    bool StrictNameResolution = false);
