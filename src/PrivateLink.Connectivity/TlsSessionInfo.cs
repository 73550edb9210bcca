namespace PrivateLink.Connectivity;

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
