using System.Net.Security;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>HTTPS: TLS first, then a HEAD request; any HTTP status line means the server answered.</summary>
internal sealed class HttpsDialect : IProtocolDialect
{
    private const int MaxStatusLine = 8 * 1024;

    /// <inheritdoc/>
    public string DisplayName => "HTTP";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => SslApplicationProtocol.Http11;

    /// <inheritdoc/>
    public bool AlwaysDirect => true;

    /// <inheritdoc/>
    public Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("HTTPS starts with TLS; there is nothing to negotiate first.");

    /// <inheritdoc/>
    public async Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken) =>
        $"{await HeadAsync(tls, request, cancellationToken).ConfigureAwait(false)} over TLS";

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken) =>
        $"{await HeadAsync(network, request, cancellationToken).ConfigureAwait(false)} in clear text";

    private static async Task<string> HeadAsync(Stream stream, ProbeRequest request, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(HttpWire.HeadRequest(request.HostName, request.Port), cancellationToken).ConfigureAwait(false);
        byte[] answer = await FrameReader.ReadLineAsync(stream, MaxStatusLine, cancellationToken).ConfigureAwait(false);
        return HttpWire.ParseStatusLine(answer);
    }
}
