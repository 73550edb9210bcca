using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tls;

/// <summary>Carries the TLS handshake inside TDS PRELOGIN packets, as TDS 7.x requires (MS-TDS 3.3.5.1: TLS payload in packets of type 0x12).</summary>
internal sealed class TdsPacketStream(Stream inner) : WrappingStream(inner)
{
    private const int MaxPacketLength = 4096;
    private int remainingInPacket;
    private byte packetId = 1;

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            // SslStream issues zero-byte reads to wait for data; pass them through rather than mistake them for the end of the stream.
            return await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }

        while (remainingInPacket == 0)
        {
            byte[] header = new byte[TdsWire.HeaderLength];
            int got = 0;
            while (got < header.Length)
            {
                int read = await Inner.ReadAsync(header.AsMemory(got), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return got == 0 ? 0 : throw new FormatException($"expected an 8-byte TDS packet header around the TLS handshake, received {Hex.Format(header.AsSpan(0, got))} (truncated)");
                }

                got += read;
            }

            if (header[0] != TdsWire.PreLoginType)
            {
                throw new FormatException($"expected TDS packet type 0x12 (PRELOGIN) carrying the TLS handshake, received {Hex.Format(header)}");
            }

            int length = TdsWire.PacketLength(header);
            if (length < TdsWire.HeaderLength)
            {
                throw new FormatException($"expected a TDS packet length of at least 8, received {Hex.Format(header)}");
            }

            remainingInPacket = length - TdsWire.HeaderLength;
        }

        int count = await Inner.ReadAsync(buffer[..Math.Min(buffer.Length, remainingInPacket)], cancellationToken).ConfigureAwait(false);
        if (count == 0)
        {
            throw new FormatException($"expected {remainingInPacket} more bytes of the TDS packet, the server closed the connection");
        }

        remainingInPacket -= count;
        return count;
    }

    /// <inheritdoc/>
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int chunk = Math.Min(buffer.Length, MaxPacketLength - TdsWire.HeaderLength);
            byte[] packet = new byte[TdsWire.HeaderLength + chunk];
            byte status = chunk == buffer.Length ? TdsWire.EndOfMessage : (byte)0;
            TdsWire.WriteHeader(packet, TdsWire.PreLoginType, status, packet.Length, packetId++);
            buffer.Span[..chunk].CopyTo(packet.AsSpan(TdsWire.HeaderLength));
            await Inner.WriteAsync(packet, cancellationToken).ConfigureAwait(false);
            buffer = buffer[chunk..];
        }
    }
}
