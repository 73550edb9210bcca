namespace PrivateLink.Connectivity.Wire;

/// <summary>Reads one length-prefixed frame from a stream and returns every byte received with it.</summary>
/// <remarks>
/// Bytes that arrived together with the frame are returned too, so parsers can reject trailing data; a stream that
/// ends early yields the partial frame, so parsers report it as truncated.
/// </remarks>
internal static class FrameReader
{
    /// <summary>The largest frame a probe accepts.</summary>
    public const int MaxFrameLength = 64 * 1024;

    /// <summary>Checks that <paramref name="received"/> holds exactly one <paramref name="length"/>-byte <paramref name="what"/>.</summary>
    /// <exception cref="FormatException">Fewer bytes arrived (truncated), or more bytes followed the frame.</exception>
    public static void RequireWholeFrame(ReadOnlySpan<byte> received, int length, string what)
    {
        if (received.Length < length)
        {
            throw new FormatException($"expected a {length}-byte {what}, received {received.Length} bytes (truncated): {Hex.Format(received)}");
        }

        if (received.Length > length)
        {
            throw new FormatException($"expected one {length}-byte {what}, received {received.Length - length} more bytes after it: {Hex.Format(received[length..])}");
        }
    }

    /// <summary>Reads a frame whose total length follows from its first <paramref name="headerLength"/> bytes.</summary>
    /// <exception cref="EndOfStreamException">The stream ended before any byte arrived.</exception>
    /// <exception cref="FormatException">The header announces an impossible length.</exception>
    public static async Task<byte[]> ReadFrameAsync(Stream stream, int headerLength, Func<byte[], int> totalLength, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[MaxFrameLength + 1024];
        int count = await ReadAtLeastAsync(stream, buffer, 0, headerLength, cancellationToken).ConfigureAwait(false);
        if (count < headerLength)
        {
            return buffer[..count];
        }

        int total = totalLength(buffer[..headerLength]);
        if (total < headerLength || total > MaxFrameLength)
        {
            throw new FormatException($"expected a frame length between {headerLength} and {MaxFrameLength} bytes, received a header announcing {total}: {Hex.Format(buffer.AsSpan(0, count))}");
        }

        count = await ReadAtLeastAsync(stream, buffer, count, total, cancellationToken).ConfigureAwait(false);
        return buffer[..count];
    }

    /// <summary>Reads until a line feed arrives, <paramref name="maxLength"/> bytes are buffered, or the stream ends.</summary>
    /// <exception cref="EndOfStreamException">The stream ended before any byte arrived.</exception>
    public static async Task<byte[]> ReadLineAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[maxLength];
        int count = 0;
        while (count < maxLength && Array.IndexOf(buffer, (byte)'\n', 0, count) < 0)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        return count == 0 ? throw new EndOfStreamException("the server closed the connection without answering") : buffer[..count];
    }

    /// <summary>Reads once (at least one byte), as a client library does before it looks at what arrived.</summary>
    /// <exception cref="EndOfStreamException">The stream ended before any byte arrived.</exception>
    public static async Task<byte[]> ReadSomeAsync(Stream stream, int maxLength, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[maxLength];
        int read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return read == 0 ? throw new EndOfStreamException("the server closed the connection without answering") : buffer[..read];
    }

    private static async Task<int> ReadAtLeastAsync(Stream stream, byte[] buffer, int count, int atLeast, CancellationToken cancellationToken)
    {
        while (count < atLeast)
        {
            int read = await stream.ReadAsync(buffer.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return count == 0 ? throw new EndOfStreamException("the server closed the connection without answering") : count;
            }

            count += read;
        }

        return count;
    }
}
