using PrivateLink.Connectivity.Protocols;
using PrivateLink.Connectivity.Wire;

namespace PrivateLink.Connectivity.Tls;

/// <summary>
/// A forward-only stream over another (the TCP stream, or the TDS framing below TLS): what every such stream answers the same
/// way (no seeking, no length, array and synchronous calls mapped onto the memory-based asynchronous ones, flushes passed
/// down). A subclass says only how it reads and writes.
/// </summary>
/// <param name="inner">The stream below.</param>
internal abstract class WrappingStream(Stream inner) : Stream
{
    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Gets the stream below.</summary>
    protected Stream Inner { get; } = inner;

    /// <inheritdoc/>
    public abstract override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public abstract override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => Inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => Inner.Flush();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}

/// <summary>Passes bytes through and remembers the first ones the server sent, so a failed handshake can be explained.</summary>
/// <remarks>It also keeps a <see cref="FormatException"/> raised below it (the TDS framing), which SslStream may wrap.</remarks>
internal sealed class RecordingStream(Stream inner) : WrappingStream(inner)
{
    private const int Keep = 16;
    private readonly byte[] first = new byte[Keep];

    /// <summary>Gets the first bytes the server sent (up to 16).</summary>
    public ReadOnlySpan<byte> FirstBytes => first.AsSpan(0, (int)Math.Min(BytesRead, Keep));

    /// <summary>Gets how many bytes the server sent.</summary>
    public long BytesRead { get; private set; }

    /// <summary>Gets a value indicating whether the server closed its side.</summary>
    public bool SawEndOfStream { get; private set; }

    /// <summary>Gets the framing error raised by the stream below, if any.</summary>
    public FormatException? FramingError { get; private set; }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await Inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            FramingError = ex;
            throw;
        }

        if (count == 0 && !buffer.IsEmpty)
        {
            SawEndOfStream = true;
        }
        else if (BytesRead < Keep)
        {
            int copy = (int)Math.Min(count, Keep - BytesRead);
            buffer.Span[..copy].CopyTo(first.AsSpan((int)BytesRead));
        }

        BytesRead += count;
        return count;
    }

    /// <inheritdoc/>
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        Inner.WriteAsync(buffer, cancellationToken);
}

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
