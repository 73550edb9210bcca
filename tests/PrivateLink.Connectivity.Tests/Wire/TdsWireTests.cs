using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Tests.TestSupport;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tests.Wire;

public sealed class TdsWireTests
{
    [Theory]
    [InlineData(0x00, "Off")]
    [InlineData(0x01, "On")]
    [InlineData(0x02, "NotSupported")]
    [InlineData(0x03, "Required")]
    public void ParsePreLoginResponse_EachEncryptionValue_IsRead(byte value, string expected)
    {
        TdsPreLoginResponse response = TdsWire.ParsePreLoginResponse(TdsTestServer.PreLoginResponse(value));

        Assert.Equal(expected, response.Encryption.ToString());
        Assert.Equal("16.0.1000", response.Version);
    }

    public static TheoryData<string, string> BadPackets()
    {
        string good = Convert.ToHexString(TdsTestServer.PreLoginResponse(0x01));
        return new TheoryData<string, string>
        {
            { "0401", "expected an 8-byte TDS packet header" },
            { good[..30], "(truncated)" },
            { good + "DEADBEEF", "received 4 more bytes" },
            { "12" + good[2..], "expected TDS packet type 0x04 (tabular result) answering PRELOGIN, received 0x12" },
            { "0400" + good[4..], "expected the PRELOGIN response in one packet" },
            { "0401000C00000100" + "00000B00", "expected a 5-byte PRELOGIN option entry" },
            { "0401000D00000100" + "0000400006", "expected PRELOGIN option 0x00 data within" },
            { "0401000D00000100" + "0000040001", "expected the PRELOGIN option terminator" },
            { "0401000F00000100" + "01000600 01FF09".Replace(" ", "", StringComparison.Ordinal), "expected ENCRYPTION 0x00-0x03, received 09" },
            { "0401000F00000100" + "0000060001FF10", "expected an ENCRYPTION option" },
        };
    }

    [Theory]
    [MemberData(nameof(BadPackets))]
    public void ParsePreLoginResponse_BadPacket_ThrowsNamingExpectedAndReceived(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => TdsWire.ParsePreLoginResponse(Convert.FromHexString(hex)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PreLogin_Encryption_IsPreLoginPacketWithEncryptionOption()
    {
        byte[] sut = TdsWire.PreLogin(TdsEncryption.On);

        Assert.Equal(0x12, sut[0]);
        Assert.Equal(0x01, sut[1]);
        Assert.Equal(sut.Length, (sut[2] << 8) | sut[3]);
        Assert.Equal(0x01, sut[8 + 5]); // second option token: ENCRYPTION
        Assert.Equal((byte)TdsEncryption.On, sut[8 + 16 + 6]);
    }
}
