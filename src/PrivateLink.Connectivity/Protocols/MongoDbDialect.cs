using System.Buffers.Binary;
using System.Globalization;
using System.Net.Security;
using System.Numerics;
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

/// <summary>The MongoDB wire protocol messages a probe needs: a <c>hello</c> command over OP_MSG and its reply.</summary>
/// <remarks>
/// From the MongoDB wire protocol and OP_MSG specifications: every message starts with a 16-byte header
/// (int32 messageLength including the header, requestID, responseTo, opCode), little-endian. OP_MSG (opCode 2013) carries
/// uint32 flagBits, one or more sections (kind 0: one BSON document, the command or its reply; kind 1: a document sequence)
/// and, when flag bit 0 is set, a CRC-32C checksum of everything before it.
/// </remarks>
internal static class MongoWire
{
    /// <summary>The standard message header length.</summary>
    public const int HeaderLength = 16;

    /// <summary>The OP_MSG opcode.</summary>
    public const int OpMsg = 2013;

    /// <summary>The legacy OP_REPLY opcode, which servers older than 3.6 answer with.</summary>
    public const int OpReply = 1;

    /// <summary>The OP_COMPRESSED opcode; never expected, since the probe advertises no compressor.</summary>
    public const int OpCompressed = 2012;

    /// <summary>flagBits bit 0: a CRC-32C checksum ends the message.</summary>
    public const uint ChecksumPresent = 1u << 0;

    /// <summary>flagBits bit 1: the sender will send another message without waiting (exhaust replies only).</summary>
    public const uint MoreToCome = 1u << 1;

    /// <summary>The required flag bits (0-15): a reader must refuse any it does not know.</summary>
    private const uint RequiredBits = 0xFFFF;

    // Header (16) + flagBits (4) + section kind (1) + the smallest BSON document (5).
    private const int MinReplyLength = HeaderLength + 4 + 1 + 5;

    /// <summary>An OP_MSG carrying <c>{hello: 1, $db: "admin"}</c> as its single kind-0 section.</summary>
    public static byte[] Hello(int requestId)
    {
        byte[] body = Bson.Encode(new BsonDocument([new("hello", 1), new("$db", "admin")]));
        byte[] message = new byte[HeaderLength + 4 + 1 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(message, message.Length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), requestId);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), 0); // responseTo: 0 on a request
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), OpMsg);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), 0); // flagBits: no checksum, a reply is expected
        message[20] = 0; // section kind 0: body
        body.CopyTo(message, 21);
        return message;
    }

    /// <summary>Total message length from its 16-byte header.</summary>
    /// <exception cref="FormatException">The length cannot hold an OP_MSG reply.</exception>
    public static int MessageLength(byte[] header)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(header);
        return length >= MinReplyLength
            ? length
            : throw new FormatException($"expected a MongoDB message length of at least {MinReplyLength} bytes, received a header announcing {length}: {Hex.Format(header)}");
    }

    /// <summary>Parses the server's OP_MSG reply to the request <paramref name="requestId"/> and returns its body document.</summary>
    /// <exception cref="FormatException">Not exactly one well-formed OP_MSG reply to that request.</exception>
    public static BsonDocument ParseReply(ReadOnlySpan<byte> received, int requestId)
    {
        if (received.Length < HeaderLength)
        {
            throw new FormatException($"expected a 16-byte MongoDB message header, received {Hex.Format(received)}");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(received);
        int responseTo = BinaryPrimitives.ReadInt32LittleEndian(received[8..]);
        int opCode = BinaryPrimitives.ReadInt32LittleEndian(received[12..]);
        if (opCode != OpMsg)
        {
            throw new FormatException(opCode switch
            {
                OpReply => $"expected an OP_MSG (opCode 2013) reply, received OP_REPLY (opCode 1): the server predates MongoDB 3.6 and OP_MSG",
                OpCompressed => $"expected an OP_MSG (opCode 2013) reply, received OP_COMPRESSED (opCode 2012) although no compressor was offered",
                _ => $"expected an OP_MSG (opCode 2013) reply, received opCode {opCode}: {Hex.Format(received)}",
            });
        }

        if (length < MinReplyLength)
        {
            throw new FormatException($"expected a MongoDB message length of at least {MinReplyLength} bytes, received a header announcing {length}: {Hex.Format(received)}");
        }

        FrameReader.RequireWholeFrame(received, length, "OP_MSG reply");

        if (responseTo != requestId)
        {
            throw new FormatException($"expected a reply to request {requestId}, received responseTo {responseTo}");
        }

        uint flags = BinaryPrimitives.ReadUInt32LittleEndian(received[16..]);
        if ((flags & RequiredBits & ~ChecksumPresent) != 0)
        {
            // moreToCome is only valid on exhaust replies, which the probe never asks for; other required bits are undefined.
            throw new FormatException($"expected OP_MSG flagBits without required bits other than checksumPresent, received 0x{flags:X8}");
        }

        ReadOnlySpan<byte> sections = received[20..length];
        if ((flags & ChecksumPresent) != 0)
        {
            sections = VerifyChecksum(received[..length]);
        }

        return ReadSections(sections);
    }

    /// <summary>CRC-32C (Castagnoli) as the OP_MSG checksum uses it: initial value and final XOR 0xFFFFFFFF.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> bytes)
    {
        uint crc = uint.MaxValue;
        foreach (byte b in bytes)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }

    private static ReadOnlySpan<byte> VerifyChecksum(ReadOnlySpan<byte> message)
    {
        if (message.Length < MinReplyLength + 4)
        {
            throw new FormatException($"expected a 4-byte checksum after the sections (checksumPresent is set), received a {message.Length}-byte message");
        }

        uint expected = BinaryPrimitives.ReadUInt32LittleEndian(message[^4..]);
        uint actual = Crc32C(message[..^4]);
        return actual == expected
            ? message[20..^4]
            : throw new FormatException($"expected OP_MSG checksum 0x{actual:X8}, received 0x{expected:X8}");
    }

    private static BsonDocument ReadSections(ReadOnlySpan<byte> sections)
    {
        BsonDocument? body = null;
        while (!sections.IsEmpty)
        {
            byte kind = sections[0];
            ReadOnlySpan<byte> payload = sections[1..];
            switch (kind)
            {
                case 0:
                    int length = Bson.DocumentLength(payload);
                    if (body is not null)
                    {
                        throw new FormatException("expected exactly one kind-0 (body) section in the OP_MSG reply, received a second one");
                    }

                    body = Bson.Decode(payload[..length]);
                    sections = payload[length..];
                    break;
                case 1:
                    // A document sequence: int32 size (itself included), a cstring identifier, then documents; not needed here.
                    int size = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
                    if (size < 5 || size > payload.Length)
                    {
                        throw new FormatException($"expected a document sequence section of 5 to {payload.Length} bytes, received {Hex.Format(payload)}");
                    }

                    sections = payload[size..];
                    break;
                default:
                    throw new FormatException($"expected OP_MSG section kind 0 or 1, received 0x{kind:X2}: {Hex.Format(sections)}");
            }
        }

        return body ?? throw new FormatException("expected a kind-0 (body) section in the OP_MSG reply, received none");
    }
}

/// <summary>What a MongoDB server said in answer to <c>hello</c> (MongoDB handshake specification).</summary>
/// <param name="Ok">True when the command succeeded (<c>ok: 1</c>).</param>
/// <param name="WritablePrimary">True when the server reported <c>isWritablePrimary</c> (or the legacy <c>ismaster</c>) true.</param>
/// <param name="MaxWireVersion">The highest wire version the server speaks, when it said.</param>
/// <param name="SetName">The replica set name, when the server is a member of one.</param>
/// <param name="Router">True when the server is a mongos router (<c>msg: "isdbgrid"</c>).</param>
/// <param name="Error">The server's error (code, code name and message) when <paramref name="Ok"/> is false.</param>
internal sealed record MongoHello(bool Ok, bool WritablePrimary, int? MaxWireVersion, string? SetName, bool Router, string? Error)
{
    /// <summary>Reads the fields a probe reports from a <c>hello</c> reply document.</summary>
    /// <exception cref="FormatException">The document has no numeric <c>ok</c>, or a successful reply lacks <c>maxWireVersion</c>.</exception>
    public static MongoHello FromReply(BsonDocument reply)
    {
        double ok = reply.Number("ok")
            ?? throw new FormatException($"expected a numeric 'ok' field in the hello reply, received fields {Names(reply)}");
        if (ok != 1)
        {
            // Still MongoDB speaking: an error reply (e.g. CommandNotFound from a server older than 4.4.2, or a proxy's refusal).
            string code = reply.Int32("code") is { } number ? number.ToString(CultureInfo.InvariantCulture) : "?";
            string error = $"{code} {reply.String("codeName") ?? ""}".TrimEnd() + $": {reply.String("errmsg") ?? "(no message)"}";
            return new MongoHello(false, false, reply.Int32("maxWireVersion"), null, false, error);
        }

        int maxWireVersion = reply.Int32("maxWireVersion")
            ?? throw new FormatException($"expected an int32 'maxWireVersion' in the successful hello reply, received fields {Names(reply)}");
        bool primary = reply.Boolean("isWritablePrimary") ?? reply.Boolean("ismaster") ?? false;
        return new MongoHello(true, primary, maxWireVersion, reply.String("setName"), string.Equals(reply.String("msg"), "isdbgrid", StringComparison.Ordinal), null);
    }

    /// <summary>A one-line description for the probe's result ("MongoDB answered hello: writable primary, maxWireVersion 21").</summary>
    public string Describe()
    {
        if (!Ok)
        {
            return $"MongoDB answered hello with error {Error}";
        }

        string role = Router ? "mongos router" : WritablePrimary ? "writable primary" : "not a writable primary";
        string set = SetName is null ? "" : $", replica set {SetName}";
        return string.Create(CultureInfo.InvariantCulture, $"MongoDB answered hello: {role}{set}, maxWireVersion {MaxWireVersion}");
    }

    private static string Names(BsonDocument reply) =>
        reply.Elements.Count == 0 ? "(none)" : string.Join(", ", reply.Elements.Take(10).Select(e => e.Key));
}
