namespace PrivateLink.Connectivity.Protocols;

/// <summary>What a protocol's pre-TLS exchange established.</summary>
/// <param name="TlsOffered">True when the server agreed to start TLS.</param>
/// <param name="Description">What the server said, for the result's detail (e.g. "MariaDB 10.11.6 greeting").</param>
/// <param name="HandshakeTransport">The stream the TLS handshake runs over when it is not the socket itself (TDS 7.x packets).</param>
internal sealed record Negotiation(bool TlsOffered, string Description, Stream? HandshakeTransport = null);
