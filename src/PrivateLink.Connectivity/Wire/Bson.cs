using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PrivateLink.Connectivity.Wire;

/// <summary>The subset of BSON (bsonspec.org, version 1.1) a MongoDB handshake needs: encode a command, decode its reply.</summary>
/// <remarks>
/// Little-endian throughout. <c>document ::= int32 e_list 0x00</c>, where the int32 counts the whole document; each element is a
/// type byte, a NUL-terminated name and a value. Decoding is bounded: the declared sizes must fit what arrived, nesting stops
/// at <see cref="MaxDepth"/>, and every malformed byte is a <see cref="FormatException"/> naming what was expected, in hex.
/// </remarks>
internal static class Bson
{
    /// <summary>The deepest nesting of documents and arrays the decoder accepts (a hello reply nests three levels).</summary>
    public const int MaxDepth = 16;

    private const int MinDocumentLength = 5;

    /// <summary>Encodes a document whose values are strings, int32, int64, doubles, booleans, null or nested <see cref="BsonDocument"/>s.</summary>
    /// <exception cref="ArgumentException">A name holds a NUL character, or a value has an unsupported type.</exception>
    public static byte[] Encode(BsonDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using MemoryStream buffer = new();
        Write(buffer, document);
        return buffer.ToArray();
    }

    /// <summary>Decodes one document that must span <paramref name="received"/> exactly.</summary>
    /// <exception cref="FormatException">The bytes are not one well-formed BSON document.</exception>
    public static BsonDocument Decode(ReadOnlySpan<byte> received)
    {
        int length = DocumentLength(received);
        if (length != received.Length)
        {
            throw new FormatException($"expected a {length}-byte BSON document, received {received.Length} bytes: {Hex.Format(received)}");
        }

        return ReadDocument(received, isArray: false, depth: 1);
    }

    /// <summary>Reads and checks the int32 length that starts a document.</summary>
    /// <exception cref="FormatException">Fewer than 5 bytes, or a length below 5 or beyond what arrived.</exception>
    public static int DocumentLength(ReadOnlySpan<byte> received)
    {
        if (received.Length < 4)
        {
            throw new FormatException($"expected a BSON document's int32 length, received {Hex.Format(received)}");
        }

        int length = BinaryPrimitives.ReadInt32LittleEndian(received);
        if (length < MinDocumentLength || length > received.Length)
        {
            throw new FormatException($"expected a BSON document length between {MinDocumentLength} and the {received.Length} bytes received, the document announces {length}: {Hex.Format(received)}");
        }

        return length;
    }

    private static BsonDocument ReadDocument(ReadOnlySpan<byte> document, bool isArray, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new FormatException($"expected BSON documents nested at most {MaxDepth} deep, received deeper nesting");
        }

        if (document[^1] != 0)
        {
            throw new FormatException($"expected a BSON document to end with 0x00, received 0x{document[^1]:X2}: {Hex.Format(document)}");
        }

        List<KeyValuePair<string, object?>> elements = [];
        ReadOnlySpan<byte> rest = document[4..^1];
        while (!rest.IsEmpty)
        {
            byte type = rest[0];
            int nameEnd = rest[1..].IndexOf((byte)0);
            if (nameEnd < 0)
            {
                throw new FormatException($"expected a NUL-terminated element name after type 0x{type:X2}, received {Hex.Format(rest)}");
            }

            string name = Utf8(rest.Slice(1, nameEnd));
            rest = rest[(nameEnd + 2)..];
            (object? value, int consumed) = ReadValue(type, name, rest, depth);
            elements.Add(new KeyValuePair<string, object?>(name, value));
            rest = rest[consumed..];
        }

        return new BsonDocument(elements, isArray);
    }

    private static (object? Value, int Consumed) ReadValue(byte type, string name, ReadOnlySpan<byte> rest, int depth)
    {
        switch (type)
        {
            case 0x01:
                return (BinaryPrimitives.ReadDoubleLittleEndian(Fixed(rest, 8, name, "double")), 8);
            case 0x02:
                int stringLength = StringLength(rest, name);
                return (Utf8(rest.Slice(4, stringLength - 1)), 4 + stringLength);
            case 0x03 or 0x04:
                int length = DocumentLength(rest);
                return (ReadDocument(rest[..length], type == 0x04, depth + 1), length);
            case 0x08:
                byte flag = Fixed(rest, 1, name, "boolean")[0];
                return flag <= 1
                    ? (flag == 1, 1)
                    : throw new FormatException($"expected boolean '{name}' to be 0x00 or 0x01, received 0x{flag:X2}");
            case 0x09:
                long milliseconds = BinaryPrimitives.ReadInt64LittleEndian(Fixed(rest, 8, name, "UTC datetime"));
                return milliseconds is >= -62135596800000 and <= 253402300799999
                    ? (DateTimeOffset.FromUnixTimeMilliseconds(milliseconds), 8)
                    : (new BsonOpaque(type, 8), 8);
            case 0x0A:
                return (null, 0);
            case 0x10:
                return (BinaryPrimitives.ReadInt32LittleEndian(Fixed(rest, 4, name, "int32")), 4);
            case 0x12:
                return (BinaryPrimitives.ReadInt64LittleEndian(Fixed(rest, 8, name, "int64")), 8);
            default:
                int skipped = OpaqueLength(type, name, rest);
                return (new BsonOpaque(type, skipped), skipped);
        }
    }

    /// <summary>The wire length of the types a probe does not interpret, so it can step over them.</summary>
    private static int OpaqueLength(byte type, string name, ReadOnlySpan<byte> rest)
    {
        switch (type)
        {
            case 0x05: // binary: int32 n, subtype, n bytes
                int n = BinaryPrimitives.ReadInt32LittleEndian(Fixed(rest, 4, name, "binary length"));
                return n >= 0 && n <= rest.Length - 5
                    ? 5 + n
                    : throw new FormatException($"expected binary '{name}' of at most {Math.Max(0, rest.Length - 5)} bytes, the element announces {n}");
            case 0x06 or 0x7F or 0xFF: // undefined, max key, min key: no value
                return 0;
            case 0x07: // ObjectId
                return Fixed(rest, 12, name, "ObjectId").Length;
            case 0x0B: // regular expression: two cstrings
                int pattern = rest.IndexOf((byte)0);
                int options = pattern < 0 ? -1 : rest[(pattern + 1)..].IndexOf((byte)0);
                return options >= 0
                    ? pattern + options + 2
                    : throw new FormatException($"expected regular expression '{name}' as two NUL-terminated strings, received {Hex.Format(rest)}");
            case 0x0C: // DBPointer: string, 12-byte id
                int pointer = 4 + StringLength(rest, name);
                return Fixed(rest[pointer..], 12, name, "DBPointer id").Length + pointer;
            case 0x0D or 0x0E: // JavaScript code, symbol: string
                return 4 + StringLength(rest, name);
            case 0x0F: // code with scope: int32 total, string, document
                int total = BinaryPrimitives.ReadInt32LittleEndian(Fixed(rest, 4, name, "code-with-scope length"));
                return total >= 14 && total <= rest.Length
                    ? total
                    : throw new FormatException($"expected code-with-scope '{name}' between 14 and {rest.Length} bytes, the element announces {total}");
            case 0x11: // timestamp
                return Fixed(rest, 8, name, "timestamp").Length;
            case 0x13: // decimal128
                return Fixed(rest, 16, name, "decimal128").Length;
            default:
                throw new FormatException($"expected a BSON element type (0x01-0x13, 0x7F, 0xFF) for '{name}', received 0x{type:X2}");
        }
    }

    private static ReadOnlySpan<byte> Fixed(ReadOnlySpan<byte> rest, int length, string name, string what) =>
        rest.Length >= length
            ? rest[..length]
            : throw new FormatException($"expected {length} bytes of {what} '{name}', received {Hex.Format(rest)} (truncated)");

    /// <summary>Checks a BSON string (int32 byte count including the NUL, UTF-8 bytes, NUL) and returns its byte count.</summary>
    private static int StringLength(ReadOnlySpan<byte> rest, string name)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(Fixed(rest, 4, name, "string length"));
        if (length < 1 || length > rest.Length - 4)
        {
            throw new FormatException($"expected string '{name}' of 1 to {Math.Max(0, rest.Length - 4)} bytes, the element announces {length}");
        }

        return rest[4 + length - 1] == 0
            ? length
            : throw new FormatException($"expected string '{name}' to end with 0x00, received 0x{rest[4 + length - 1]:X2}");
    }

    private static string Utf8(ReadOnlySpan<byte> bytes)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException ex)
        {
            throw new FormatException($"expected UTF-8 text, received {Hex.Format(bytes)}", ex);
        }
    }

    private static void Write(MemoryStream buffer, BsonDocument document)
    {
        long start = buffer.Position;
        buffer.Write(stackalloc byte[4]);
        int index = 0;
        foreach ((string key, object? value) in document.Elements)
        {
            string name = document.IsArray ? index.ToString(CultureInfo.InvariantCulture) : key;
            index++;
            if (name.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException($"The BSON element name '{name.Replace("\0", "\\0", StringComparison.Ordinal)}' holds a NUL character.", nameof(document));
            }

            buffer.WriteByte(TypeOf(value, name));
            buffer.Write(Encoding.UTF8.GetBytes(name));
            buffer.WriteByte(0);
            WriteValue(buffer, value);
        }

        buffer.WriteByte(0);
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(length, checked((int)(buffer.Position - start)));
        long end = buffer.Position;
        buffer.Position = start;
        buffer.Write(length);
        buffer.Position = end;
    }

    private static byte TypeOf(object? value, string name) => value switch
    {
        double => 0x01,
        string => 0x02,
        BsonDocument { IsArray: false } => 0x03,
        BsonDocument { IsArray: true } => 0x04,
        bool => 0x08,
        null => 0x0A,
        int => 0x10,
        long => 0x12,
        _ => throw new ArgumentException($"BSON element '{name}' has type {value.GetType().Name}, which the encoder does not write.", nameof(value)),
    };

    private static void WriteValue(MemoryStream buffer, object? value)
    {
        Span<byte> scratch = stackalloc byte[8];
        switch (value)
        {
            case double d:
                BinaryPrimitives.WriteDoubleLittleEndian(scratch, d);
                buffer.Write(scratch);
                break;
            case string s:
                byte[] text = Encoding.UTF8.GetBytes(s);
                BinaryPrimitives.WriteInt32LittleEndian(scratch, text.Length + 1);
                buffer.Write(scratch[..4]);
                buffer.Write(text);
                buffer.WriteByte(0);
                break;
            case BsonDocument nested:
                Write(buffer, nested);
                break;
            case bool b:
                buffer.WriteByte(b ? (byte)1 : (byte)0);
                break;
            case int i:
                BinaryPrimitives.WriteInt32LittleEndian(scratch, i);
                buffer.Write(scratch[..4]);
                break;
            case long l:
                BinaryPrimitives.WriteInt64LittleEndian(scratch, l);
                buffer.Write(scratch);
                break;
        }
    }
}
