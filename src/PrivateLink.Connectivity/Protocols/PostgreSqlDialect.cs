using System.Net.Security;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>PostgreSQL: SSLRequest then TLS, or direct TLS with ALPN <c>postgresql</c> (PostgreSQL 17).</summary>
internal sealed class PostgreSqlDialect : IProtocolDialect
{
    private static readonly SslApplicationProtocol Alpn = new("postgresql");

    /// <inheritdoc/>
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => Alpn;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        await network.WriteAsync(PostgreSqlWire.SslRequest(), cancellationToken).ConfigureAwait(false);

        // One read, like libpq: anything that arrived with the 'S' is refused (CVE-2021-23222).
        byte[] answer = await FrameReader.ReadSomeAsync(network, 256, cancellationToken).ConfigureAwait(false);
        return PostgreSqlWire.ParseSslResponse(answer)
            ? new Negotiation(true, "PostgreSQL accepted SSLRequest")
            : new Negotiation(false, "PostgreSQL answered 'N' to SSLRequest");
    }

    /// <inheritdoc/>
    public Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken)
    {
        // Direct TLS: PostgreSQL 17 refuses a session without ALPN "postgresql", so a server that selected it is PostgreSQL.
        if (direct && tls.NegotiatedApplicationProtocol != Alpn)
        {
            throw new FormatException($"expected the server to select ALPN 'postgresql' for direct TLS, received '{tls.NegotiatedApplicationProtocol}'");
        }

        return Task.FromResult(direct ? "PostgreSQL direct TLS (ALPN postgresql)" : "PostgreSQL accepted SSLRequest");
    }

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        // A StartupMessage without SSLRequest: any authentication request or error proves a PostgreSQL server answers.
        await network.WriteAsync(PostgreSqlWire.StartupMessage("privatelink_probe", "postgres"), cancellationToken).ConfigureAwait(false);
        byte[] reply = await FrameReader.ReadFrameAsync(network, 5, PostgreSqlWire.MessageLength, cancellationToken).ConfigureAwait(false);
        string description = PostgreSqlWire.ParseStartupReply(reply);
        try
        {
            await network.WriteAsync(PostgreSqlWire.Terminate(), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server may already have closed after its error; the answer is what counts.
        }

        return description;
    }
}
