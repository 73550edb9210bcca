using System.Buffers.Binary;
using System.Net.Security;
using System.Text;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>PostgreSQL: SSLRequest then TLS, or direct TLS with ALPN <c>postgresql</c> (PostgreSQL 17).</summary>
internal sealed class PostgreSqlDialect : IProtocolDialect
{
    private static readonly SslApplicationProtocol Alpn = new("postgresql");

    /// <inheritdoc/>
    public string DisplayName => "PostgreSQL";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => Alpn;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        await network.WriteAsync(PostgreSqlWire.SslRequest(), cancellationToken).ConfigureAwait(false);

        // One read, like libpq: anything that arrived with the 'S' is refused (CVE-2021-23222).
        byte[] answer = await FrameReader.ReadSomeAsync(network, 256, cancellationToken).ConfigureAwait(false);
        return PostgreSqlWire.ParseSslResponse(answer)
            ? new Negotiation(true, "PostgreSQL accepted SSLRequest")
            : new Negotiation(false, "PostgreSQL answered 'N' to SSLRequest");
    }

    /// <inheritdoc/>
    public Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken)
    {
        // Direct TLS: PostgreSQL 17 refuses a session without ALPN "postgresql", so a server that selected it is PostgreSQL.
        if (direct && tls.NegotiatedApplicationProtocol != Alpn)
        {
            throw new FormatException($"expected the server to select ALPN 'postgresql' for direct TLS, received '{tls.NegotiatedApplicationProtocol}'");
        }

        return Task.FromResult(direct ? "PostgreSQL direct TLS (ALPN postgresql)" : "PostgreSQL accepted SSLRequest");
    }

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        // A StartupMessage without SSLRequest: any authentication request or error proves a PostgreSQL server answers.
        await network.WriteAsync(PostgreSqlWire.StartupMessage("privatelink_probe", "postgres"), cancellationToken).ConfigureAwait(false);
        byte[] reply = await FrameReader.ReadFrameAsync(network, 5, PostgreSqlWire.MessageLength, cancellationToken).ConfigureAwait(false);
        string description = PostgreSqlWire.ParseStartupReply(reply);
        try
        {
            await network.WriteAsync(PostgreSqlWire.Terminate(), cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The server may already have closed after its error; the answer is what counts.
        }

        return description;
    }
}

/// <summary>The few PostgreSQL frontend/backend protocol messages a probe needs.</summary>
internal static class PostgreSqlWire
{
    /// <summary>The SSLRequest code: 1234 in the high 16 bits, 5679 in the low 16 bits.</summary>
    public const int SslRequestCode = 80877103;

    /// <summary>The SSLRequest message: Int32 length 8, Int32 code 80877103.</summary>
    public static byte[] SslRequest()
    {
        byte[] message = new byte[8];
        BinaryPrimitives.WriteInt32BigEndian(message, 8);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), SslRequestCode);
        return message;
    }

    /// <summary>Parses the answer to an SSLRequest.</summary>
    /// <returns>True for 'S' (TLS follows), false for 'N' (no TLS).</returns>
    /// <exception cref="FormatException">Anything but a single 'S' or 'N' byte.</exception>
    /// <remarks>
    /// "The server then responds with a single byte containing S or N." Bytes after 'S' would be read as if they came
    /// over TLS although they did not (CVE-2021-23222), so they are an error, never data; after 'N' the server waits for a startup message.
    /// </remarks>
    public static bool ParseSslResponse(ReadOnlySpan<byte> received)
    {
        if (received.Length == 1 && received[0] is (byte)'S' or (byte)'N')
        {
            return received[0] == (byte)'S';
        }

        if (received.Length > 1 && received[0] is (byte)'S' or (byte)'N')
        {
            throw new FormatException($"expected a single '{(char)received[0]}' byte in answer to SSLRequest, received {Hex.Format(received)}: bytes before the TLS handshake are refused (CVE-2021-23222)");
        }

        throw new FormatException($"expected 'S' (0x53) or 'N' (0x4E) in answer to SSLRequest, received {Hex.Format(received)}");
    }

    /// <summary>A protocol 3.0 StartupMessage for <paramref name="user"/> and <paramref name="database"/>.</summary>
    public static byte[] StartupMessage(string user, string database)
    {
        byte[] body = Encoding.UTF8.GetBytes($"user\0{user}\0database\0{database}\0application_name\0privatelink-probe\0\0");
        byte[] message = new byte[8 + body.Length];
        BinaryPrimitives.WriteInt32BigEndian(message, message.Length);
        BinaryPrimitives.WriteInt32BigEndian(message.AsSpan(4), 196608); // protocol 3.0
        body.CopyTo(message, 8);
        return message;
    }

    /// <summary>The Terminate message.</summary>
    public static byte[] Terminate() => [(byte)'X', 0, 0, 0, 4];

    /// <summary>Reads the total length of a backend message from its 5-byte header.</summary>
    /// <exception cref="FormatException">The length field is below 4.</exception>
    public static int MessageLength(byte[] header)
    {
        int length = BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(1));
        return length < 4
            ? throw new FormatException($"expected a message length of at least 4, received {Hex.Format(header)}")
            : length + 1;
    }

    /// <summary>Describes the server's first answer to a StartupMessage (authentication request, error, or protocol negotiation).</summary>
    /// <exception cref="FormatException">The bytes are not one of those messages.</exception>
    public static string ParseStartupReply(ReadOnlySpan<byte> received)
    {
        if (received.Length < 5)
        {
            throw new FormatException($"expected a 5-byte message header, received {Hex.Format(received)}");
        }

        byte type = received[0];
        int length = BinaryPrimitives.ReadInt32BigEndian(received[1..]);
        if (type is not ((byte)'R' or (byte)'E' or (byte)'v') || length < 4)
        {
            throw new FormatException($"expected an authentication request ('R'), error ('E') or NegotiateProtocolVersion ('v') message, received {Hex.Format(received)}");
        }

        if (received.Length < length + 1)
        {
            throw new FormatException($"expected a {length + 1}-byte message, received {Hex.Format(received)}");
        }

        return type switch
        {
            (byte)'R' => "PostgreSQL answered with an authentication request",
            (byte)'v' => "PostgreSQL answered with a protocol version negotiation",
            _ => $"PostgreSQL answered with an error: {ErrorMessage(received[5..(length + 1)])}",
        };
    }

    private static string ErrorMessage(ReadOnlySpan<byte> fields)
    {
        // ErrorResponse: a list of (Byte1 code, String value) fields ended by a zero byte; 'M' is the human-readable message.
        while (fields.Length > 1 && fields[0] != 0)
        {
            byte code = fields[0];
            int end = fields[1..].IndexOf((byte)0);
            if (end < 0)
            {
                break;
            }

            if (code == (byte)'M')
            {
                return Encoding.UTF8.GetString(fields.Slice(1, end));
            }

            fields = fields[(end + 2)..];
        }

        return "(no message)";
    }
}
