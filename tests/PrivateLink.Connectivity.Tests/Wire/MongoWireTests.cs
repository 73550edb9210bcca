using System.Buffers.Binary;
using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Tests.TestSupport;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tests.Wire;

public sealed class MongoWireTests
{
    [Fact]
    public void Hello_RequestId_IsOpMsgWithOneBodySection()
    {
        byte[] sut = MongoWire.Hello(7);

        // Header (length 52, requestID 7, responseTo 0, opCode 2013), flagBits 0, kind 0, then {hello: int32 1, $db: "admin"}.
        Assert.Equal(
            "34000000" + "07000000" + "00000000" + "DD070000" + "00000000" + "00"
            + "1F000000" + "10" + "68656C6C6F00" + "01000000" + "02" + "24646200" + "06000000" + "61646D696E00" + "00",
            Convert.ToHexString(sut));
    }

    [Fact]
    public void Crc32C_CheckValue_MatchesTheStandardAndTheBitwiseDefinition()
    {
        byte[] check = "123456789"u8.ToArray();
        byte[] message = MongoTestServer.OpMsg(1, 2, MongoTestServer.PrimaryHello());

        Assert.Equal(0xE3069283u, MongoWire.Crc32C(check));
        Assert.Equal(MongoTestServer.Crc32C(message), MongoWire.Crc32C(message));
    }

    [Fact]
    public void ParseReply_PrimaryHello_ReadsEveryFieldAndSkipsOpaqueTypes()
    {
        BsonDocument sut = MongoWire.ParseReply(MongoTestServer.OpMsg(1, 5, MongoTestServer.PrimaryHello()), 5);

        MongoHello hello = MongoHello.FromReply(sut);
        Assert.Equal(new MongoHello(true, true, 21, "rs0", false, null), hello);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_764_000_001), Assert.IsType<DateTimeOffset>(sut.TryGet("localTime", out object? time) ? time : null));
        Assert.Equal(new BsonOpaque(0x07, 12), sut.TryGet("electionId", out object? id) ? id : null);
        BsonDocument hosts = Assert.IsType<BsonDocument>(sut.TryGet("hosts", out object? h) ? h : null);
        Assert.True(hosts.IsArray);
        Assert.Equal("localhost:27017", hosts.String("0"));
    }

    [Fact]
    public void ParseReply_DocumentSequenceBeforeBody_IsSkipped()
    {
        byte[] body = TestBson.Document(("ok", 1.0), ("maxWireVersion", 17), ("isWritablePrimary", false), ("msg", "isdbgrid"));
        byte[] sequence = [0x01, 0x09, 0x00, 0x00, 0x00, (byte)'d', (byte)'o', (byte)'c', (byte)'s', 0x00];
        byte[] message = WithSections(5, [.. sequence, 0x00, .. body]);

        MongoHello sut = MongoHello.FromReply(MongoWire.ParseReply(message, 5));

        Assert.Equal("MongoDB answered hello: mongos router, maxWireVersion 17", sut.Describe());
    }

    public static TheoryData<string, string> BadReplies()
    {
        byte[] body = TestBson.Document(("ok", 1.0), ("maxWireVersion", 21));
        return new TheoryData<string, string>
        {
            { "DD07", "expected a 16-byte MongoDB message header" },
            { Hex(WithSections(5, [0x02, .. body])), "expected OP_MSG section kind 0 or 1, received 0x02" },
            { Hex(WithSections(5, [0x00, .. body, 0x00, .. body])), "received a second one" },
            { Hex(WithSections(5, [0x01, 0x05, 0x00, 0x00, 0x00, 0x00])), "expected a kind-0 (body) section in the OP_MSG reply, received none" },
            { Hex(WithSections(5, [0x01, 0xFF, 0x00, 0x00, 0x00, 0x00, 0x00, .. body])), "expected a document sequence section of 5 to" },
            { Hex(WithSections(5, [0x00, .. body], flags: 1u << 8)), "received 0x00000100" },
            { Hex(WithSections(5, [0x00, 0x05, 0x00, 0x00])), "expected a MongoDB message length of at least 26 bytes" },
            { Hex(WithSections(5, [0x00, 0x40, 0x00, 0x00, 0x00, 0x00])), "the document announces 64" },
        };
    }

    [Theory]
    [MemberData(nameof(BadReplies))]
    public void ParseReply_BadMessage_ThrowsNamingExpectedAndReceived(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => MongoWire.ParseReply(Convert.FromHexString(hex), 5));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadDocuments() => new()
    {
        { "0500", "expected a BSON document's int32 length" },
        { "0400000000", "expected a BSON document length between 5 and the 5 bytes received, the document announces 4" },
        { "050000000000", "expected a 5-byte BSON document, received 6 bytes" },
        { "0500000001", "expected a BSON document to end with 0x00, received 0x01" },
        { "07000000" + "1061" + "00", "expected a NUL-terminated element name after type 0x10" },
        { "0C000000" + "0261" + "00" + "FF000000" + "00", "expected string 'a' of 1 to 0 bytes, the element announces 255" },
        { "0E000000" + "0261" + "00" + "02000000" + "6201" + "00", "expected string 'a' to end with 0x00, received 0x01" },
        { "0B000000" + "0261" + "00" + "020000" + "00", "expected 4 bytes of string length 'a'" },
        { "0E000000" + "0261" + "00" + "02000000" + "FF00" + "00", "expected UTF-8 text, received FF" },
        { "09000000" + "0861" + "00" + "02" + "00", "expected boolean 'a' to be 0x00 or 0x01, received 0x02" },
        { "0C000000" + "0161" + "00" + "0000F03F" + "00", "expected 8 bytes of double 'a', received 00-00-F0-3F (4 bytes) (truncated)" },
        { "08000000" + "2061" + "00" + "00", "expected a BSON element type (0x01-0x13, 0x7F, 0xFF) for 'a', received 0x20" },
        { "0C000000" + "0561" + "00" + "10000000" + "00", "expected binary 'a' of at most 0 bytes, the element announces 16" },
        { "0C000000" + "0361" + "00" + "04000000" + "00", "the document announces 4" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void Decode_BadDocument_ThrowsNamingExpectedAndReceived(string hex, string message)
    {
        FormatException ex = Assert.Throws<FormatException>(() => Bson.Decode(Convert.FromHexString(hex)));

        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NestingBeyondTheBound_Throws()
    {
        (string, object?)[] nested = [("x", 1)];
        for (int i = 0; i < Bson.MaxDepth; i++)
        {
            nested = [("d", nested)];
        }

        FormatException ex = Assert.Throws<FormatException>(() => Bson.Decode(TestBson.Document(nested)));

        Assert.Contains($"nested at most {Bson.MaxDepth} deep", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_EveryWrittenType_DecodesToTheSameValues()
    {
        BsonDocument sut = new([
            new("d", 2.5), new("s", "é"), new("i", -3), new("l", 1L << 40), new("t", true), new("n", null),
            new("doc", new BsonDocument([new("x", 1)])), new("arr", new BsonDocument([new("", "a"), new("", "b")], isArray: true)),
        ]);

        BsonDocument decoded = Bson.Decode(Bson.Encode(sut));
        List<(string Name, object? Value)> scalars = TestBson.ReadTopLevel(Bson.Encode(new BsonDocument([new("d", 2.5), new("s", "é"), new("i", -3)])));

        Assert.Equal([("d", (object?)2.5), ("s", "é"), ("i", -3)], scalars);
        Assert.Equal(["d", "s", "i", "l", "t", "n", "doc", "arr"], decoded.Elements.Select(e => e.Key));
        Assert.Equal((2.5, "é", -3, 1L << 40, true), (decoded.Number("d"), decoded.String("s"), decoded.Int32("i"), (long?)decoded.Number("l"), decoded.Boolean("t")));
        Assert.True(decoded.TryGet("n", out object? n) && n is null);
        BsonDocument array = Assert.IsType<BsonDocument>(decoded.TryGet("arr", out object? a) ? a : null);
        Assert.Equal(["0", "1"], array.Elements.Select(e => e.Key));
    }

    private static string Hex(byte[] bytes) => Convert.ToHexString(bytes);

    private static byte[] WithSections(int responseTo, byte[] sections, uint flags = 0)
    {
        byte[] message = new byte[20 + sections.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), 2013);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), flags);
        sections.CopyTo(message, 20);
        return message;
    }
}
