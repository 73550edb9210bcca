using PrivateLink.Connectivity.NameResolution;

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

/// <summary>The outcome of a probe.</summary>
public enum ProbeStatus
{
    /// <summary>The port answered its protocol (over TLS, or in clear text when allowed).</summary>
    Succeeded,

    /// <summary>The connection was refused or reset before the protocol answered.</summary>
    Refused,

    /// <summary>The name could not be resolved.</summary>
    Unresolved,

    /// <summary>The server does not offer TLS, or the TLS negotiation failed, and TLS is required.</summary>
    TlsRejected,

    /// <summary>The server certificate failed validation (name, expiry, chain, pin).</summary>
    CertificateInvalid,

    /// <summary>A phase did not finish within its timeout.</summary>
    TimedOut,

    /// <summary>The server answered with bytes that do not follow the protocol.</summary>
    ProtocolError,

    /// <summary>The port answered, but strict name checking is on and the host name does not resolve to the endpoint's private IP.</summary>
    NameNotPrivate,
}

/// <summary>How a destination negotiates TLS on its port.</summary>
public enum ProbeProtocol
{
    /// <summary>PostgreSQL: SSLRequest, then TLS (or direct TLS with ALPN <c>postgresql</c>).</summary>
    PostgreSql,

    /// <summary>MySQL / MariaDB: server greeting, SSL request packet, then TLS.</summary>
    MySql,

    /// <summary>SQL Server TDS: PRELOGIN with the ENCRYPTION option, then TLS inside TDS packets (or TDS 8 strict).</summary>
    Tds,

    /// <summary>HTTPS: TLS, then an HTTP request that must answer.</summary>
    Https,

    /// <summary>MongoDB and Azure Cosmos DB for MongoDB: TLS first on the port, then <c>hello</c> over OP_MSG.</summary>
    MongoDb,
}

/// <summary>How the probe starts TLS on a port.</summary>
public enum ProbeTlsMode
{
    /// <summary>The protocol's own negotiation first (PostgreSQL SSLRequest, MySQL SSL request, TDS 7.x PRELOGIN); HTTPS and MongoDB are always TLS first.</summary>
    Negotiated,

    /// <summary>TLS first: PostgreSQL 17 direct TLS (ALPN <c>postgresql</c>) or TDS 8 strict (ALPN <c>tds/8.0</c>); not offered by MySQL.</summary>
    Direct,
}

/// <summary>How long each phase of a probe took, in milliseconds.</summary>
/// <param name="ResolveMs">Name resolution.</param>
/// <param name="ConnectMs">TCP connect.</param>
/// <param name="NegotiationMs">The protocol's own TLS negotiation before the handshake (SSLRequest, PRELOGIN, greeting).</param>
/// <param name="HandshakeMs">The TLS handshake.</param>
public sealed record ProbeTimings(double ResolveMs, double ConnectMs, double NegotiationMs, double HandshakeMs);

/// <summary>The TLS session a probe negotiated.</summary>
/// <param name="Version">The protocol version, e.g. <c>Tls13</c>.</param>
/// <param name="CipherSuite">The negotiated cipher suite, e.g. <c>TLS_AES_256_GCM_SHA384</c>.</param>
/// <param name="CertificateSubject">The server certificate's subject.</param>
/// <param name="CertificateIssuer">The server certificate's issuer.</param>
/// <param name="CertificateNotAfter">When the server certificate expires (UTC).</param>
/// <param name="CertificateSha256">The SHA-256 fingerprint of the server certificate (hex).</param>
/// <param name="ExpiresSoon">True when the certificate expires within 30 days.</param>
public sealed record TlsSessionInfo(
    string Version,
    string CipherSuite,
    string CertificateSubject,
    string CertificateIssuer,
    DateTimeOffset CertificateNotAfter,
    string CertificateSha256,
    bool ExpiresSoon);
