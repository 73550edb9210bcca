namespace PrivateLink.Connectivity;

/// <summary>How the probe starts TLS on a port.</summary>
public enum ProbeTlsMode
{
    /// <summary>The protocol's own negotiation first (PostgreSQL SSLRequest, MySQL SSL request, TDS 7.x PRELOGIN); HTTPS and MongoDB are always TLS first.</summary>
    Negotiated,

    /// <summary>TLS first: PostgreSQL 17 direct TLS (ALPN <c>postgresql</c>) or TDS 8 strict (ALPN <c>tds/8.0</c>); not offered by MySQL.</summary>
    Direct,
}
