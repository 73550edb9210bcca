using System.Text;
using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tests.Wire;

public sealed class HttpWireTests
{
    [Theory]
    [InlineData("HTTP/1.1 200 OK\r\nServer: nginx\r\n", "HTTP/1.1 200 OK")]
    [InlineData("HTTP/1.1 403 Forbidden\r\n", "HTTP/1.1 403 Forbidden")]
    [InlineData("HTTP/1.0 503\n", "HTTP/1.0 503")]
    public void ParseStatusLine_AnyStatus_MeansAnswered(string received, string expected)
    {
        string line = HttpWire.ParseStatusLine(Encoding.ASCII.GetBytes(received));

        Assert.Equal(expected, line);
    }

    [Theory]
    [InlineData("HTTP/1.1 200 O", "ending in CRLF")]
    [InlineData("garbage\r\n", "received 67-61-72-62-61-67-65-0D (8 bytes)")]
    [InlineData("HTTP/2 200\r\n", "expected an HTTP status line (HTTP/1.x NNN reason)")]
    [InlineData("HTTP/1.1 999 Nope\r\n", "expected an HTTP status line")]
    [InlineData("", "received nothing (0 bytes)")]
    public void ParseStatusLine_NotAStatusLine_Throws(string received, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => HttpWire.ParseStatusLine(Encoding.ASCII.GetBytes(received)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
