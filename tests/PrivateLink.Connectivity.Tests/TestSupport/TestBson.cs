using System.Buffers.Binary;
using System.Text;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>
/// The test side's own BSON (bsonspec.org 1.1), independent of the probe's: writes the documents a MongoDB server sends and reads
/// the top-level int32/string/double elements of what a client sends.
/// </summary>
internal static class TestBson
{
    /// <summary>An ObjectId value (type 0x07).</summary>
    public sealed record ObjectId(byte[] Bytes);

    /// <summary>A timestamp value (type 0x11).</summary>
    public sealed record Timestamp(uint Increment, uint Seconds);

    /// <summary>A binary value (type 0x05).</summary>
    public sealed record Binary(byte Subtype, byte[] Bytes);

    /// <summary>An array value (type 0x04).</summary>
    public sealed record Array(params object?[] Items);

    /// <summary>Writes a document from (name, value) pairs; a nested (string, object?)[] is an embedded document.</summary>
    public static byte[] Document(params (string Name, object? Value)[] elements)
    {
        List<byte> bytes = [0, 0, 0, 0];
        foreach ((string name, object? value) in elements)
        {
            Element(bytes, name, value);
        }

        bytes.Add(0);
        byte[] document = [.. bytes];
        BinaryPrimitives.WriteInt32LittleEndian(document, document.Length);
        return document;
    }

    /// <summary>Reads the top-level elements of a document, keeping int32, string and double values and the names of the others.</summary>
    public static List<(string Name, object? Value)> ReadTopLevel(ReadOnlySpan<byte> document)
    {
        Assert.Equal(document.Length, BinaryPrimitives.ReadInt32LittleEndian(document));
        Assert.Equal(0, document[^1]);
        List<(string, object?)> elements = [];
        int at = 4;
        while (at < document.Length - 1)
        {
            byte type = document[at++];
            int end = document[at..].IndexOf((byte)0);
            string name = Encoding.UTF8.GetString(document.Slice(at, end));
            at += end + 1;
            switch (type)
            {
                case 0x01:
                    elements.Add((name, BinaryPrimitives.ReadDoubleLittleEndian(document[at..])));
                    at += 8;
                    break;
                case 0x02:
                    int length = BinaryPrimitives.ReadInt32LittleEndian(document[at..]);
                    elements.Add((name, Encoding.UTF8.GetString(document.Slice(at + 4, length - 1))));
                    at += 4 + length;
                    break;
                case 0x10:
                    elements.Add((name, BinaryPrimitives.ReadInt32LittleEndian(document[at..])));
                    at += 4;
                    break;
                default:
                    Assert.Fail($"the test server reads only int32, string and double elements; '{name}' has type 0x{type:X2}");
                    break;
            }
        }

        return elements;
    }

    private static void Element(List<byte> bytes, string name, object? value)
    {
        byte type = value switch
        {
            double => 0x01,
            string => 0x02,
            (string, object?)[] => 0x03,
            Array => 0x04,
            Binary => 0x05,
            ObjectId => 0x07,
            bool => 0x08,
            DateTimeOffset => 0x09,
            null => 0x0A,
            int => 0x10,
            Timestamp => 0x11,
            long => 0x12,
            _ => throw new ArgumentException($"unsupported test value {value.GetType().Name}", nameof(value)),
        };
        bytes.Add(type);
        bytes.AddRange(Encoding.UTF8.GetBytes(name));
        bytes.Add(0);
        Span<byte> scratch = stackalloc byte[8];
        switch (value)
        {
            case double d:
                BinaryPrimitives.WriteDoubleLittleEndian(scratch, d);
                bytes.AddRange(scratch.ToArray());
                break;
            case string s:
                byte[] text = Encoding.UTF8.GetBytes(s);
                BinaryPrimitives.WriteInt32LittleEndian(scratch, text.Length + 1);
                bytes.AddRange(scratch[..4].ToArray());
                bytes.AddRange(text);
                bytes.Add(0);
                break;
            case (string, object?)[] nested:
                bytes.AddRange(Document(nested));
                break;
            case Array array:
                bytes.AddRange(Document([.. array.Items.Select((item, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture), item))]));
                break;
            case Binary binary:
                BinaryPrimitives.WriteInt32LittleEndian(scratch, binary.Bytes.Length);
                bytes.AddRange(scratch[..4].ToArray());
                bytes.Add(binary.Subtype);
                bytes.AddRange(binary.Bytes);
                break;
            case ObjectId id:
                bytes.AddRange(id.Bytes);
                break;
            case bool b:
                bytes.Add(b ? (byte)1 : (byte)0);
                break;
            case DateTimeOffset time:
                BinaryPrimitives.WriteInt64LittleEndian(scratch, time.ToUnixTimeMilliseconds());
                bytes.AddRange(scratch.ToArray());
                break;
            case int i:
                BinaryPrimitives.WriteInt32LittleEndian(scratch, i);
                bytes.AddRange(scratch[..4].ToArray());
                break;
            case Timestamp ts:
                BinaryPrimitives.WriteUInt32LittleEndian(scratch, ts.Increment);
                BinaryPrimitives.WriteUInt32LittleEndian(scratch[4..], ts.Seconds);
                bytes.AddRange(scratch.ToArray());
                break;
            case long l:
                BinaryPrimitives.WriteInt64LittleEndian(scratch, l);
                bytes.AddRange(scratch.ToArray());
                break;
        }
    }
}
