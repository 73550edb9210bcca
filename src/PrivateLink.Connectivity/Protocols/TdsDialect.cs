using System.Buffers.Binary;
using System.Net.Security;
using PrivateLink.Connectivity.Tls;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>SQL Server TDS: PRELOGIN with ENCRYPTION, then TLS inside TDS packets (7.x), or TDS 8 strict (TLS first, ALPN <c>tds/8.0</c>).</summary>
internal sealed class TdsDialect : IProtocolDialect
{
    private static readonly SslApplicationProtocol Alpn = new("tds/8.0");

    /// <inheritdoc/>
    public string DisplayName => "TDS";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => Alpn;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        TdsPreLoginResponse response = await PreLoginAsync(network, TdsEncryption.On, cancellationToken).ConfigureAwait(false);
        string description = $"SQL Server {response.Version ?? "(version not given)"} PRELOGIN ENCRYPTION={response.Encryption}";

        // ENCRYPT_OFF still encrypts the login, so a handshake follows for OFF, ON and REQ alike (MS-TDS 2.2.6.5).
        return response.Encryption == TdsEncryption.NotSupported
            ? new Negotiation(false, description)
            : new Negotiation(true, description, new TdsPacketStream(network));
    }

    /// <inheritdoc/>
    public async Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken)
    {
        if (!direct)
        {
            return "SQL Server accepted TLS after PRELOGIN";
        }

        // TDS 8 strict: PRELOGIN travels inside the TLS session.
        TdsPreLoginResponse response = await PreLoginAsync(tls, TdsEncryption.On, cancellationToken).ConfigureAwait(false);
        return $"SQL Server {response.Version ?? "(version not given)"} answered PRELOGIN over TDS 8 strict TLS";
    }

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        TdsPreLoginResponse response = await PreLoginAsync(network, TdsEncryption.NotSupported, cancellationToken).ConfigureAwait(false);
        return $"SQL Server {response.Version ?? "(version not given)"} answered PRELOGIN in clear text (ENCRYPTION={response.Encryption})";
    }

    private static async Task<TdsPreLoginResponse> PreLoginAsync(Stream stream, TdsEncryption encryption, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(TdsWire.PreLogin(encryption), cancellationToken).ConfigureAwait(false);
        byte[] packet = await FrameReader.ReadFrameAsync(stream, TdsWire.HeaderLength, TdsWire.PacketLength, cancellationToken).ConfigureAwait(false);
        return TdsWire.ParsePreLoginResponse(packet);
    }
}

/// <summary>The TDS packets a probe needs (MS-TDS 2.2.3 packet header, 2.2.6.5 PRELOGIN).</summary>
internal static class TdsWire
{
    /// <summary>The 8-byte packet header: type, status, length (big-endian, header included), SPID, packet id, window.</summary>
    public const int HeaderLength = 8;

    /// <summary>Packet type PRELOGIN; TDS 7.x also carries the TLS handshake in packets of this type.</summary>
    public const byte PreLoginType = 0x12;

    /// <summary>Packet type TABULAR RESULT, in which the server answers PRELOGIN.</summary>
    public const byte TabularResultType = 0x04;

    /// <summary>Status bit END OF MESSAGE.</summary>
    public const byte EndOfMessage = 0x01;

    private const byte OptionVersion = 0x00;
    private const byte OptionEncryption = 0x01;
    private const byte OptionMars = 0x04;
    private const byte OptionTerminator = 0xFF;

    /// <summary>Total packet length (header included) from a packet header.</summary>
    public static int PacketLength(byte[] header) => BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2));

    /// <summary>Writes a packet header.</summary>
    public static void WriteHeader(Span<byte> destination, byte type, byte status, int length, byte packetId)
    {
        destination[0] = type;
        destination[1] = status;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
        destination[4] = 0; // SPID
        destination[5] = 0;
        destination[6] = packetId;
        destination[7] = 0; // window
    }

    /// <summary>A client PRELOGIN packet with VERSION, ENCRYPTION and MARS options.</summary>
    public static byte[] PreLogin(TdsEncryption encryption)
    {
        // Option table: 3 entries of (token, offset, length) and a terminator, then the option data.
        const int tableLength = (3 * 5) + 1;
        byte[] packet = new byte[HeaderLength + tableLength + 6 + 1 + 1];
        WriteHeader(packet, PreLoginType, EndOfMessage, packet.Length, 1);
        Span<byte> payload = packet.AsSpan(HeaderLength);
        WriteOption(payload, 0, OptionVersion, tableLength, 6);
        WriteOption(payload, 5, OptionEncryption, tableLength + 6, 1);
        WriteOption(payload, 10, OptionMars, tableLength + 7, 1);
        payload[15] = OptionTerminator;
        payload[tableLength] = 0x10; // client version 16.0.0.0, sub-build 0
        payload[tableLength + 6] = (byte)encryption;
        payload[tableLength + 7] = 0; // MARS off
        return packet;
    }

    /// <summary>Parses a server PRELOGIN response packet.</summary>
    /// <exception cref="FormatException">Not a complete single-packet PRELOGIN response, or bytes after it.</exception>
    public static TdsPreLoginResponse ParsePreLoginResponse(ReadOnlySpan<byte> received)
    {
        if (received.Length < HeaderLength)
        {
            throw new FormatException($"expected an 8-byte TDS packet header, received {Hex.Format(received)}");
        }

        if (received[0] != TabularResultType)
        {
            throw new FormatException($"expected TDS packet type 0x04 (tabular result) answering PRELOGIN, received 0x{received[0]:X2}: {Hex.Format(received)}");
        }

        if ((received[1] & EndOfMessage) == 0)
        {
            throw new FormatException($"expected the PRELOGIN response in one packet (status 0x01), received status 0x{received[1]:X2}");
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(received[2..]);
        if (length < HeaderLength)
        {
            throw new FormatException($"expected a packet length of at least 8, received {length}: {Hex.Format(received)}");
        }

        FrameReader.RequireWholeFrame(received, length, "PRELOGIN response");

        ReadOnlySpan<byte> payload = received[HeaderLength..length];
        TdsEncryption? encryption = null;
        string? version = null;
        int position = 0;
        while (true)
        {
            if (position >= payload.Length)
            {
                throw new FormatException($"expected the PRELOGIN option terminator 0xFF, reached the end of the packet: {Hex.Format(received)}");
            }

            byte token = payload[position];
            if (token == OptionTerminator)
            {
                break;
            }

            if (position + 5 > payload.Length)
            {
                throw new FormatException($"expected a 5-byte PRELOGIN option entry at offset {position}, received {Hex.Format(payload[position..])}");
            }

            int offset = BinaryPrimitives.ReadUInt16BigEndian(payload[(position + 1)..]);
            int size = BinaryPrimitives.ReadUInt16BigEndian(payload[(position + 3)..]);
            if (offset + size > payload.Length)
            {
                throw new FormatException($"expected PRELOGIN option 0x{token:X2} data within the {payload.Length}-byte payload, received offset {offset} length {size}");
            }

            ReadOnlySpan<byte> data = payload.Slice(offset, size);
            if (token == OptionEncryption)
            {
                if (size < 1 || data[0] > (byte)TdsEncryption.Required)
                {
                    throw new FormatException($"expected ENCRYPTION 0x00-0x03, received {Hex.Format(data)}");
                }

                encryption = (TdsEncryption)data[0];
            }
            else if (token == OptionVersion && size >= 4)
            {
                version = $"{data[0]}.{data[1]}.{BinaryPrimitives.ReadUInt16BigEndian(data[2..])}";
            }

            position += 5;
        }

        return encryption is { } value
            ? new TdsPreLoginResponse(value, version)
            : throw new FormatException($"expected an ENCRYPTION option in the PRELOGIN response, received {Hex.Format(received)}");
    }

    private static void WriteOption(Span<byte> payload, int at, byte token, int offset, int length)
    {
        payload[at] = token;
        BinaryPrimitives.WriteUInt16BigEndian(payload[(at + 1)..], (ushort)offset);
        BinaryPrimitives.WriteUInt16BigEndian(payload[(at + 3)..], (ushort)length);
    }
}

/// <summary>The PRELOGIN ENCRYPTION option values (MS-TDS 2.2.6.5).</summary>
internal enum TdsEncryption : byte
{
    /// <summary>ENCRYPT_OFF: encryption available but off (the login packet is still encrypted).</summary>
    Off = 0x00,

    /// <summary>ENCRYPT_ON: encryption available and on.</summary>
    On = 0x01,

    /// <summary>ENCRYPT_NOT_SUP: encryption not available.</summary>
    NotSupported = 0x02,

    /// <summary>ENCRYPT_REQ: encryption required.</summary>
    Required = 0x03,
}

/// <summary>The options of a PRELOGIN response a probe looks at.</summary>
/// <param name="Encryption">The server's ENCRYPTION option.</param>
/// <param name="Version">The server version from the VERSION option (major.minor.build), when present.</param>
internal sealed record TdsPreLoginResponse(TdsEncryption Encryption, string? Version);
