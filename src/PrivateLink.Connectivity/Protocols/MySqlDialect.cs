using System.Buffers.Binary;
using System.Net.Security;
using System.Text;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Protocols;

/// <summary>MySQL / MariaDB: server greeting (protocol 10), CLIENT_SSL, SSL request packet, then TLS.</summary>
internal sealed class MySqlDialect : IProtocolDialect
{
    /// <inheritdoc/>
    public string DisplayName => "MySQL";

    /// <inheritdoc/>
    public SslApplicationProtocol? DirectAlpn => null;

    /// <inheritdoc/>
    public bool AlwaysDirect => false;

    /// <inheritdoc/>
    public async Task<Negotiation> NegotiateAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        MySqlGreeting greeting = await ReadGreetingAsync(network, cancellationToken).ConfigureAwait(false);
        if (!greeting.SupportsTls)
        {
            // The greeting alone proves the server answers; it just cannot do TLS.
            return new Negotiation(false, $"MySQL server {greeting.ServerVersion} greeting without CLIENT_SSL");
        }

        await network.WriteAsync(MySqlWire.SslRequest(), cancellationToken).ConfigureAwait(false);
        return new Negotiation(true, $"MySQL server {greeting.ServerVersion}");
    }

    /// <inheritdoc/>
    public Task<string> VerifyOverTlsAsync(SslStream tls, ProbeRequest request, bool direct, CancellationToken cancellationToken) =>
        Task.FromResult("MySQL server accepted the SSL request");

    /// <inheritdoc/>
    public async Task<string> CheckClearTextAsync(Stream network, ProbeRequest request, CancellationToken cancellationToken)
    {
        MySqlGreeting greeting = await ReadGreetingAsync(network, cancellationToken).ConfigureAwait(false);
        return $"MySQL server {greeting.ServerVersion} greeting";
    }

    private static async Task<MySqlGreeting> ReadGreetingAsync(Stream network, CancellationToken cancellationToken)
    {
        byte[] packet = await FrameReader.ReadFrameAsync(network, MySqlWire.HeaderLength, MySqlWire.PacketLength, cancellationToken).ConfigureAwait(false);
        return MySqlWire.ParseGreeting(packet);
    }
}

/// <summary>The MySQL/MariaDB client/server protocol messages a probe needs.</summary>
internal static class MySqlWire
{
    /// <summary>CLIENT_LONG_PASSWORD (CLIENT_MYSQL for MariaDB).</summary>
    public const uint ClientLongPassword = 0x0000_0001;

    /// <summary>CLIENT_PROTOCOL_41.</summary>
    public const uint ClientProtocol41 = 0x0000_0200;

    /// <summary>CLIENT_SSL: the server can switch to TLS after the SSL request packet.</summary>
    public const uint ClientSsl = 0x0000_0800;

    /// <summary>CLIENT_SECURE_CONNECTION.</summary>
    public const uint ClientSecureConnection = 0x0000_8000;

    /// <summary>CLIENT_PLUGIN_AUTH.</summary>
    public const uint ClientPluginAuth = 0x0008_0000;

    /// <summary>The 4-byte packet header: 3-byte little-endian payload length, 1-byte sequence id.</summary>
    public const int HeaderLength = 4;

    /// <summary>Total packet length (header included) from a packet header.</summary>
    public static int PacketLength(byte[] header) => HeaderLength + (header[0] | (header[1] << 8) | (header[2] << 16));

    /// <summary>Parses the server greeting (HandshakeV10), the first packet a server sends.</summary>
    /// <exception cref="FormatException">Not a complete protocol 10 greeting, an error packet, or bytes after the packet.</exception>
    public static MySqlGreeting ParseGreeting(ReadOnlySpan<byte> received)
    {
        if (received.Length < HeaderLength)
        {
            throw new FormatException($"expected a 4-byte packet header, received {Hex.Format(received)}");
        }

        int length = received[0] | (received[1] << 8) | (received[2] << 16);
        if (received[3] != 0)
        {
            throw new FormatException($"expected sequence id 0x00 on the greeting, received 0x{received[3]:X2}: {Hex.Format(received)}");
        }

        FrameReader.RequireWholeFrame(received, HeaderLength + length, "greeting packet");

        ReadOnlySpan<byte> payload = received.Slice(HeaderLength, length);
        if (payload.IsEmpty)
        {
            throw new FormatException($"expected a greeting payload, received an empty packet: {Hex.Format(received)}");
        }

        if (payload[0] == 0xFF)
        {
            throw new FormatException($"expected a protocol 10 greeting (0x0A), received an error packet: {ErrorText(payload)}");
        }

        if (payload[0] != 0x0A)
        {
            throw new FormatException($"expected protocol version 10 (0x0A), received 0x{payload[0]:X2}: {Hex.Format(received)}");
        }

        int nul = payload[1..].IndexOf((byte)0);
        if (nul < 0)
        {
            throw new FormatException($"expected a NUL-terminated server version, received {Hex.Format(received)}");
        }

        string version = Encoding.UTF8.GetString(payload.Slice(1, nul));
        ReadOnlySpan<byte> rest = payload[(nul + 2)..];

        // connection id (4), auth-plugin-data part 1 (8), filler (1), capability flags lower 2 bytes.
        if (rest.Length < 15)
        {
            throw new FormatException($"expected connection id, scramble and capability flags after the server version, received {Hex.Format(received)} (truncated)");
        }

        uint connectionId = BinaryPrimitives.ReadUInt32LittleEndian(rest);
        uint capabilities = BinaryPrimitives.ReadUInt16LittleEndian(rest[13..]);

        // Optional: character set (1), status flags (2), capability flags upper 2 bytes.
        if (rest.Length >= 20)
        {
            capabilities |= (uint)BinaryPrimitives.ReadUInt16LittleEndian(rest[18..]) << 16;
        }

        return new MySqlGreeting(version, connectionId, capabilities);
    }

    /// <summary>The 32-byte SSL request packet (sequence id 1) after which the server starts the TLS handshake.</summary>
    public static byte[] SslRequest()
    {
        byte[] packet = new byte[HeaderLength + 32];
        packet[0] = 32;
        packet[3] = 1;
        Span<byte> payload = packet.AsSpan(HeaderLength);
        BinaryPrimitives.WriteUInt32LittleEndian(payload, ClientLongPassword | ClientProtocol41 | ClientSsl | ClientSecureConnection | ClientPluginAuth);
        BinaryPrimitives.WriteUInt32LittleEndian(payload[4..], 16 * 1024 * 1024); // max packet size
        payload[8] = 45; // utf8mb4_general_ci; the 23 filler bytes stay zero
        return packet;
    }

    private static string ErrorText(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < 3)
        {
            return Hex.Format(payload);
        }

        ushort code = BinaryPrimitives.ReadUInt16LittleEndian(payload[1..]);
        ReadOnlySpan<byte> message = payload[3..];
        if (!message.IsEmpty && message[0] == (byte)'#' && message.Length >= 6)
        {
            message = message[6..]; // '#' + 5-character SQL state
        }

        return $"{code} {Encoding.UTF8.GetString(message)}";
    }
}

/// <summary>What a MySQL/MariaDB server announces in its protocol 10 greeting.</summary>
/// <param name="ServerVersion">The server version string.</param>
/// <param name="ConnectionId">The server's connection (thread) id.</param>
/// <param name="Capabilities">The capability flags (lower and, when present, upper 16 bits).</param>
internal sealed record MySqlGreeting(string ServerVersion, uint ConnectionId, uint Capabilities)
{
    /// <summary>Gets a value indicating whether the server offers TLS (CLIENT_SSL).</summary>
    public bool SupportsTls => (Capabilities & MySqlWire.ClientSsl) != 0;
}
