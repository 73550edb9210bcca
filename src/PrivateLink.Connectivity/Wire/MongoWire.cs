using System.Buffers.Binary;
using System.Numerics;

namespace PrivateLink.Connectivity.Wire;

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

        if (received.Length < length)
        {
            throw new FormatException($"expected a {length}-byte OP_MSG reply, received {received.Length} bytes (truncated): {Hex.Format(received)}");
        }

        if (received.Length > length)
        {
            throw new FormatException($"expected one {length}-byte OP_MSG reply, received {received.Length - length} more bytes after it: {Hex.Format(received[length..])}");
        }

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
