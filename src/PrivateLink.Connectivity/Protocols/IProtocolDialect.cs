using System.Net.Security;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>How one protocol negotiates TLS and proves it answered; the shared steps (connect, handshake, fallback) live in <see cref="ConnectivityProbe"/>.</summary>
/// <remarks>Every exchange throws <see cref="FormatException"/> naming expected and received bytes when the server does not follow the protocol.</remarks>
internal interface IProtocolDialect
{
    /// <summary>Gets the name used in reasons ("PostgreSQL negotiation").</summary>
    string DisplayName { get; }

    /// <summary>Gets the ALPN protocol for TLS-first connections, or null when the protocol has no TLS-first mode (or, when <see cref="AlwaysDirect"/>, offers no ALPN).</summary>
    SslApplicationProtocol? DirectAlpn { get; }

    /// <summary>Gets a value indicating whether TLS always comes first (HTTPS, MongoDB).</summary>
    bool AlwaysDirect { get; }

    /// <summary>Runs the pre-TLS exchange on a fresh connection.</summary>
    Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken);

    /// <summary>Proves the protocol answers over the established TLS session; returns what answered.</summary>
    Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken);

    /// <summary>Proves the protocol answers in clear text on a fresh connection; returns what answered.</summary>
    Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken);
}

/// <summary>What a protocol's pre-TLS exchange established.</summary>
/// <param name="TlsOffered">True when the server agreed to start TLS.</param>
/// <param name="Description">What the server said, for the result's detail (e.g. "MariaDB 10.11.6 greeting").</param>
/// <param name="HandshakeTransport">The stream the TLS handshake runs over when it is not the socket itself (TDS 7.x packets).</param>
internal sealed record Negotiation(bool TlsOffered, string Description, Stream? HandshakeTransport = null);
