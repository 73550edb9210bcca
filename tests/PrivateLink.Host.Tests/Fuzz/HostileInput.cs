using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace PrivateLink.Host.Tests.Fuzz;

/// <summary>Seeded generator of hostile values: strings, query strings, JSON values and raw bodies. The same seed gives the same corpus.</summary>
internal sealed class HostileInput(int seed)
{
    private static readonly string[] Fixed =
    [
        string.Empty, " ", "\t", "null", "undefined", "0", "-1", "1e309", "-0", "NaN", "Infinity", "0x10", "1_000", " 5", "5 ", "+5", "05",
        "2147483647", "2147483648", "-2147483649", "9223372036854775808", "99999999999999999999999999999", "1.5", "1,5",
        "true", "[]", "{}", "'", "\"", "\\", "%", "%%", "%zz", "%00", "\0", "\r\n", "\u2028", "\uFEFF", "../../etc/passwd", "..%2F..%2F",
        "<script>alert(1)</script>", "' OR 1=1 --", "${jndi:ldap://x}", "{{7*7}}", "%s%s%s%n", "ä-ö-ü", "ﬁ", "İ", "\u0130", "a\u0301",
        "😀", "\uD83D\uDE00\uD83D\uDE00", "Ready", "ready", "READY", "AwaitingApproval", "awaiting-approval", "Ready,Failed", "100", "101", "50",
    ];

    private readonly Random _random = new(seed);

    public int Next(int maxExclusive) => _random.Next(maxExclusive);

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    /// <summary>A hostile text value: a fixed nasty one, random characters from several alphabets, or a long run.</summary>
    public string String()
    {
        switch (_random.Next(6))
        {
            case 0:
            case 1:
                return Pick(Fixed);
            case 2:
                return Chars(_random.Next(1, 40), "abcdefghijklmnopqrstuvwxyz0123456789-");
            case 3:
                return Chars(_random.Next(1, 40), "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~ \t\r\nÄé€\u0000\u001f\u007f\u00a0\u200b\ufffd");
            case 4:
                return new string(Pick("ax-%/".ToCharArray()), Pick(new[] { 63, 64, 65, 255, 256, 1025, 4096, 4097, 6000 }));
            default:
                return _random.Next(int.MinValue, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A query or path component, percent-encoded byte by byte, sometimes with raw invalid UTF-8 or broken escapes.</summary>
    public string Encoded()
    {
        switch (_random.Next(5))
        {
            case 0:
                return Pick(new[] { "%FF", "%C0%AF", "%ED%A0%80", "%F8%88%80%80%80", "%E2%82", "%", "%G0", "%2", "%u0041", "%252F", "%00" });
            case 1:
                return string.Concat(Enumerable.Range(0, _random.Next(1, 20)).Select(_ => "%" + _random.Next(256).ToString("X2", CultureInfo.InvariantCulture)));
            default:
                return string.Concat(Encoding.UTF8.GetBytes(String()).Select(b => "%" + b.ToString("X2", CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>A JSON value of a random kind: wrong types, out-of-range numbers, long strings, nested arrays and objects.</summary>
    public JsonNode? Json(int depth = 0)
    {
        switch (_random.Next(depth > 3 ? 6 : 9))
        {
            case 0:
                return null;
            case 1:
                return _random.Next(2) == 0;
            case 2:
                return JsonValue.Create(Pick(new long[] { 0, -1, 1, 65535, 65536, int.MaxValue, (long)int.MaxValue + 1, long.MinValue, long.MaxValue }));
            case 3:
                return JsonValue.Create(Pick(new[] { 1.5, -0.0, 1e300, double.Epsilon, 443.0000001 }));
            case 4:
            case 5:
                return String();
            case 6:
                return new JsonArray(Enumerable.Range(0, _random.Next(0, 4)).Select(_ => Json(depth + 1)).ToArray());
            case 7:
                var obj = new JsonObject();
                for (int i = _random.Next(0, 4); i > 0; i--)
                {
                    obj[Pick(new[] { "port", "destinationIp", "x", "__proto__", "$type", "constructor" }) + i.ToString(CultureInfo.InvariantCulture)] = Json(depth + 1);
                }

                return obj;
            default:
                return new JsonArray(new JsonObject { ["port"] = Json(depth + 1), ["destinationIp"] = Json(depth + 1) });
        }
    }

    /// <summary>A raw body that is not a well-formed request: random bytes, valid JSON cut short, deep nesting, duplicate keys, other encodings.</summary>
    public byte[] RawBody(string validJson)
    {
        switch (_random.Next(8))
        {
            case 0:
                byte[] bytes = new byte[_random.Next(1, 512)];
                _random.NextBytes(bytes);
                return bytes;
            case 1:
                return Encoding.UTF8.GetBytes(validJson[.._random.Next(1, validJson.Length)]);
            case 2:
                int depth = Pick(new[] { 64, 65, 200, 5000 });
                return Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth));
            case 3:
                int objects = Pick(new[] { 33, 100, 3000 });
                return Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", objects)) + "1" + new string('}', objects));
            case 4:
                return Encoding.UTF8.GetBytes(validJson.Insert(1, "\"destinationId\":\"dup-first\","));
            case 5:
                return Encoding.Unicode.GetBytes(validJson);
            case 6:
                return [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(validJson.Replace("\"", "\"\u00ff", StringComparison.Ordinal))];
            default:
                byte[] utf8 = Encoding.UTF8.GetBytes(validJson);
                utf8[_random.Next(utf8.Length)] = Pick(new byte[] { 0xFF, 0xC0, 0x80, 0xED, 0x00 });
                return utf8;
        }
    }

    private string Chars(int length, string alphabet)
    {
        var builder = new StringBuilder(length);
        for (int i = 0; i < length; i++)
        {
            builder.Append(alphabet[_random.Next(alphabet.Length)]);
        }

        return builder.ToString();
    }
}
