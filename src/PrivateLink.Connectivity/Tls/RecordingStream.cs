namespace PrivateLink.Connectivity.Tls;

/// <summary>Passes bytes through and remembers the first ones the server sent, so a failed handshake can be explained.</summary>
/// <remarks>It also keeps a <see cref="FormatException"/> raised below it (the TDS framing), which SslStream may wrap.</remarks>
internal sealed class RecordingStream(Stream inner) : Stream
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
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => true;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <inheritdoc/>
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        int count;
        try
        {
            count = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
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
        inner.WriteAsync(buffer, cancellationToken);

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <inheritdoc/>
    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc/>
    public override void Flush() => inner.Flush();

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();
}
