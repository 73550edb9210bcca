namespace PrivateLink.Connectivity;

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
