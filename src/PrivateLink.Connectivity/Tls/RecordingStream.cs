namespace PrivateLink.Connectivity.Tls;

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
