using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tests.Wire;

public sealed class PostgreSqlWireTests
{
    [Fact]
    public void SslRequest_Always_IsLength8AndCode80877103()
    {
        byte[] sut = PostgreSqlWire.SslRequest();

        Assert.Equal(Convert.FromHexString("0000000804D2162F"), sut);
    }

    [Theory]
    [InlineData("53", true)]
    [InlineData("4E", false)]
    public void ParseSslResponse_SingleByte_ReturnsWhetherTlsFollows(string hex, bool expected)
    {
        bool accepted = PostgreSqlWire.ParseSslResponse(Convert.FromHexString(hex));

        Assert.Equal(expected, accepted);
    }

    [Theory]
    [InlineData("", "received nothing (0 bytes)")]
    [InlineData("5316030100", "CVE-2021-23222")]
    [InlineData("4E45", "expected a single 'N' byte")]
    [InlineData("45000000", "expected 'S' (0x53) or 'N' (0x4E) in answer to SSLRequest, received 45-00-00-00 (4 bytes)")]
    [InlineData("160303", "received 16-03-03 (3 bytes)")]
    public void ParseSslResponse_AnythingElse_ThrowsNamingExpectedAndReceived(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => PostgreSqlWire.ParseSslResponse(Convert.FromHexString(hex)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("520000000800000000", "authentication request")]
    [InlineData("450000001253464154414C004D6E6F70650000", "error: nope")]
    public void ParseStartupReply_KnownFirstMessage_Describes(string hex, string expected)
    {
        string description = PostgreSqlWire.ParseStartupReply(Convert.FromHexString(hex));

        Assert.EndsWith(expected, description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("5200", "expected a 5-byte message header")]
    [InlineData("52000000080000", "expected a 9-byte message")]
    [InlineData("48545450", "expected a 5-byte message header")]
    [InlineData("4854545020", "expected an authentication request")]
    public void ParseStartupReply_TruncatedOrForeign_Throws(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => PostgreSqlWire.ParseStartupReply(Convert.FromHexString(hex)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
