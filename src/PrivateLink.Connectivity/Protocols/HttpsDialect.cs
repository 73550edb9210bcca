using System.Net.Security;
using System.Text;
using System.Text.RegularExpressions;
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

/// <summary>The HTTP/1.1 exchange a probe needs: one HEAD request and the status line of the answer.</summary>
internal static partial class HttpWire
{
    /// <summary>A HEAD request for "/" that asks the server to close the connection.</summary>
    public static byte[] HeadRequest(string host, int port) =>
        Encoding.ASCII.GetBytes($"HEAD / HTTP/1.1\r\nHost: {host}:{port}\r\nUser-Agent: privatelink-probe\r\nAccept: */*\r\nConnection: close\r\n\r\n");

    /// <summary>Parses the status line at the start of an HTTP response; any status code means the server answered.</summary>
    /// <returns>The status line, e.g. "HTTP/1.1 200 OK".</returns>
    /// <exception cref="FormatException">The bytes do not start with an HTTP/1.x status line.</exception>
    public static string ParseStatusLine(ReadOnlySpan<byte> received)
    {
        int end = received.IndexOf((byte)'\n');
        if (end < 0)
        {
            throw new FormatException($"expected an HTTP status line ending in CRLF, received {Hex.Format(received)}");
        }

        string line = Encoding.ASCII.GetString(received[..end]).TrimEnd('\r');
        return StatusLine().IsMatch(line)
            ? line
            : throw new FormatException($"expected an HTTP status line (HTTP/1.x NNN reason), received {Hex.Format(received[..end])}");
    }

    [GeneratedRegex(@"^HTTP/1\.[01] [1-5][0-9]{2}( [\x20-\x7E]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex StatusLine();
}
