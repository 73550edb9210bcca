using System.Net.Security;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>MongoDB (and Azure Cosmos DB for MongoDB): TLS first on the port, then <c>hello</c> over OP_MSG.</summary>
/// <remarks>
/// MongoDB has no in-protocol TLS upgrade: a server with TLS enabled expects the ClientHello as the first bytes, and a server
/// without TLS reads a ClientHello as an impossible message length and closes, which the shared fallback turns into a
/// clear-text <c>hello</c> when the destination allows it. MongoDB drivers send no ALPN, so neither does the probe.
/// </remarks>
internal sealed class MongoDbDialect : IProtocolDialect
{
    private static int lastRequestId;

    /// <inheritdoc/>
    public string DisplayName => "MongoDB";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => null;

    /// <inheritdoc/>
    public bool AlwaysDirect => true;

    /// <inheritdoc/>
    public Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("MongoDB starts with TLS; there is nothing to negotiate first.");

    /// <inheritdoc/>
    public async Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken) =>
        $"{await HelloAsync(tls, cancellationToken).ConfigureAwait(false)} over TLS";

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken) =>
        $"{await HelloAsync(network, cancellationToken).ConfigureAwait(false)} in clear text";

    private static async Task<string> HelloAsync(Stream stream, CancellationToken cancellationToken)
    {
        int requestId = Interlocked.Increment(ref lastRequestId) & int.MaxValue;
        await stream.WriteAsync(MongoWire.Hello(requestId), cancellationToken).ConfigureAwait(false);
        byte[] reply = await FrameReader.ReadFrameAsync(stream, MongoWire.HeaderLength, MongoWire.MessageLength, cancellationToken).ConfigureAwait(false);
        return MongoHello.FromReply(MongoWire.ParseReply(reply, requestId)).Describe();
    }
}
