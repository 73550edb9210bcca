using System.Net.Security;
using PrivateLink.Connectivity.Tls;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>SQL Server TDS: PRELOGIN with ENCRYPTION, then TLS inside TDS packets (7.x), or TDS 8 strict (TLS first, ALPN <c>tds/8.0</c>).</summary>
internal sealed class TdsDialect : IProtocolDialect
{
    private static readonly SslApplicationProtocol Alpn = new("tds/8.0");

    /// <inheritdoc/>
    public string DisplayName => "TDS";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => Alpn;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        TdsPreLoginResponse response = await PreLoginAsync(network, TdsEncryption.On, cancellationToken).ConfigureAwait(false);
        string description = $"SQL Server {response.Version ?? "(version not given)"} PRELOGIN ENCRYPTION={response.Encryption}";

        // ENCRYPT_OFF still encrypts the login, so a handshake follows for OFF, ON and REQ alike (MS-TDS 2.2.6.5).
        return response.Encryption == TdsEncryption.NotSupported
            ? new Negotiation(false, description)
            : new Negotiation(true, description, new TdsPacketStream(network));
    }

    /// <inheritdoc/>
    public async Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken)
    {
        if (!direct)
        {
            return "SQL Server accepted TLS after PRELOGIN";
        }

        // TDS 8 strict: PRELOGIN travels inside the TLS session.
        TdsPreLoginResponse response = await PreLoginAsync(tls, TdsEncryption.On, cancellationToken).ConfigureAwait(false);
        return $"SQL Server {response.Version ?? "(version not given)"} answered PRELOGIN over TDS 8 strict TLS";
    }

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        TdsPreLoginResponse response = await PreLoginAsync(network, TdsEncryption.NotSupported, cancellationToken).ConfigureAwait(false);
        return $"SQL Server {response.Version ?? "(version not given)"} answered PRELOGIN in clear text (ENCRYPTION={response.Encryption})";
    }

    private static async Task<TdsPreLoginResponse> PreLoginAsync(Stream stream, TdsEncryption encryption, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(TdsWire.PreLogin(encryption), cancellationToken).ConfigureAwait(false);
        byte[] packet = await FrameReader.ReadFrameAsync(stream, TdsWire.HeaderLength, TdsWire.PacketLength, cancellationToken).ConfigureAwait(false);
        return TdsWire.ParsePreLoginResponse(packet);
    }
}
