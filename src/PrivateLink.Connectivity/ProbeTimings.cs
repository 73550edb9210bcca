namespace PrivateLink.Connectivity;

/// <summary>How long each phase of a probe took, in milliseconds.</summary>
/// <param name="ResolveMs">Name resolution.</param>
/// <param name="ConnectMs">TCP connect.</param>
/// <param name="NegotiationMs">The protocol's own TLS negotiation before the handshake (SSLRequest, PRELOGIN, greeting).</param>
/// <param name="HandshakeMs">The TLS handshake.</param>
public sealed record ProbeTimings(double ResolveMs, double ConnectMs, double NegotiationMs, double HandshakeMs);
