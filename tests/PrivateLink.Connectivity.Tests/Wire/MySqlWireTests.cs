using System.Text;
using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tests.Wire;

public sealed class MySqlWireTests
{
    // A MariaDB 10.11 greeting: protocol 10, version, connection id 7, scramble, capabilities 0xFFFE (CLIENT_SSL set), upper 0x81FF.
    private static readonly byte[] GreetingPayload =
    [
        0x0A, .. Encoding.ASCII.GetBytes("5.5.5-10.11.6-MariaDB"), 0x00,
        0x07, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5, 6, 7, 8, 0x00,
        0xFE, 0xFF, 0x2D, 0x02, 0x00, 0xFF, 0x81, 0x15, 0, 0, 0, 0, 0, 0, 0x1D, 0, 0, 0,
        9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 0x00, .. Encoding.ASCII.GetBytes("mysql_native_password"), 0x00,
    ];

    [Fact]
    public void ParseGreeting_MariaDbGreeting_ReadsVersionAndTlsCapability()
    {
        MySqlGreeting greeting = MySqlWire.ParseGreeting(Packet(GreetingPayload));

        Assert.Equal("5.5.5-10.11.6-MariaDB", greeting.ServerVersion);
        Assert.Equal(7u, greeting.ConnectionId);
        Assert.True(greeting.SupportsTls);
    }

    [Fact]
    public void ParseGreeting_WithoutClientSsl_ReportsNoTls()
    {
        byte[] payload = (byte[])GreetingPayload.Clone();
        int capabilities = 1 + "5.5.5-10.11.6-MariaDB".Length + 1 + 13;
        payload[capabilities + 1] &= 0xF7; // clear 0x0800

        MySqlGreeting greeting = MySqlWire.ParseGreeting(Packet(payload));

        Assert.False(greeting.SupportsTls);
    }

    public static TheoryData<string, string> BadFrames()
    {
        byte[] full = Packet(GreetingPayload);
        return new TheoryData<string, string>
        {
            { "4A00", "expected a 4-byte packet header" },
            { Convert.ToHexString(full[..20]), "greeting packet, received" },
            { Convert.ToHexString([.. full, 0xDE, 0xAD]), "received 2 more bytes" },
            { "0500000109352E3500", "expected sequence id 0x00" },
            { "0500000009352E3500", "expected protocol version 10 (0x0A), received 0x09" },
            { "050000000A352E352E", "expected a NUL-terminated server version" },
            { "060000000A352E350001", "truncated" },
            { "15000000FF6904234842303030486F737420626C6F636B6564", "error packet: 1129 Host blocked" },
        };
    }

    [Theory]
    [MemberData(nameof(BadFrames))]
    public void ParseGreeting_BadFrame_ThrowsNamingExpectedAndReceived(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => MySqlWire.ParseGreeting(Convert.FromHexString(hex)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SslRequest_Always_Is32BytePacketWithSequence1AndClientSsl()
    {
        byte[] sut = MySqlWire.SslRequest();

        Assert.Equal(36, sut.Length);
        Assert.Equal(new byte[] { 32, 0, 0, 1 }, sut[..4]);
        Assert.NotEqual(0, sut[5] & 0x08); // CLIENT_SSL (0x0800) in the second capability byte
        Assert.All(sut[13..], b => Assert.Equal(0, b));
    }

    private static byte[] Packet(byte[] payload) => [(byte)payload.Length, (byte)(payload.Length >> 8), (byte)(payload.Length >> 16), 0, .. payload];
}
