using System.Text;
using System.Text.RegularExpressions;

namespace PrivateLink.Connectivity.Wire;

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
