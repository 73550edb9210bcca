using System.Buffers.Binary;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>
/// A SQL Server stand-in written from MS-TDS: answers PRELOGIN (2.2.6.5) with a chosen ENCRYPTION value and then runs the
/// TLS handshake inside PRELOGIN packets (3.3.5.1), or, in TDS 8 strict mode, TLS first with ALPN "tds/8.0" and PRELOGIN inside it.
/// </summary>
internal static class TdsTestServer
{
    public const string Version = "16.0.1000";

    public static LoopbackServer Start(byte encryption, X509Certificate2 certificate, bool strict = false) =>
        new((stream, ct) => strict ? StrictAsync(stream, certificate, ct) : ClassicAsync(stream, encryption, certificate, ct));

    /// <summary>A PRELOGIN response packet (type 0x04) with VERSION 16.0.1000 and the given ENCRYPTION byte.</summary>
    public static byte[] PreLoginResponse(byte encryption)
    {
        byte[] payload = [0x00, 0x00, 0x0B, 0x00, 0x06, 0x01, 0x00, 0x11, 0x00, 0x01, 0xFF, 16, 0, 0x03, 0xE8, 0, 0, encryption];
        byte[] packet = new byte[8 + payload.Length];
        packet[0] = 0x04;
        packet[1] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
        packet[6] = 1;
        payload.CopyTo(packet, 8);
        return packet;
    }

    private static async Task ClassicAsync(NetworkStream stream, byte encryption, X509Certificate2 certificate, CancellationToken ct)
    {
        byte[] header = new byte[8];
        await stream.ReadExactlyAsync(header, ct);
        if (header[0] != 0x12)
        {
            return; // not a PRELOGIN (e.g. a TLS ClientHello): a TDS 7 server drops the connection
        }

        await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) - 8], ct);
        await stream.WriteAsync(PreLoginResponse(encryption), ct);
        if (encryption == 0x02)
        {
            await DrainAsync(stream, ct);
            return;
        }

        await using SslStream tls = new(new ServerPacketStream(stream), leaveInnerStreamOpen: true);
        await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
        await DrainAsync(stream, ct);
    }

    private static async Task StrictAsync(NetworkStream stream, X509Certificate2 certificate, CancellationToken ct)
    {
        await using SslStream tls = new(stream, leaveInnerStreamOpen: true);
        await tls.AuthenticateAsServerAsync(
            new SslServerAuthenticationOptions { ServerCertificate = certificate, ApplicationProtocols = [new SslApplicationProtocol("tds/8.0")] }, ct);
        byte[] header = new byte[8];
        await tls.ReadExactlyAsync(header, ct);
        await tls.ReadExactlyAsync(new byte[BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) - 8], ct);
        await tls.WriteAsync(PreLoginResponse(0x01), ct);
        await DrainAsync(tls, ct);
    }

    private static async Task DrainAsync(Stream stream, CancellationToken ct)
    {
        byte[] buffer = new byte[1024];
        while (await stream.ReadAsync(buffer, ct) > 0)
        {
        }
    }

    /// <summary>The server side of TLS-in-TDS: strips PRELOGIN packet headers on read, adds them on write.</summary>
    private sealed class ServerPacketStream(Stream inner) : Stream
    {
        private int remaining;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (buffer.IsEmpty)
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }

            if (remaining == 0)
            {
                byte[] header = new byte[8];
                await inner.ReadExactlyAsync(header, cancellationToken);
                Assert.Equal(0x12, header[0]);
                remaining = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(2)) - 8;
            }

            int read = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, remaining)], cancellationToken);
            remaining -= read;
            return read;
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            byte[] packet = new byte[8 + buffer.Length];
            packet[0] = 0x12;
            packet[1] = 0x01;
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)packet.Length);
            buffer.CopyTo(packet.AsMemory(8));
            await inner.WriteAsync(packet, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
