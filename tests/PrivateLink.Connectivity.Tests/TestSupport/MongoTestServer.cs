using System.Buffers.Binary;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>
/// A MongoDB stand-in written from the MongoDB wire protocol and OP_MSG specifications (no MongoDB server installs here):
/// TLS first when it has a certificate (as <c>net.tls.mode: requireTLS</c>), then one OP_MSG command answered with a reply built by
/// the test; without a certificate it speaks clear text and, like mongod, drops a connection that starts with a TLS handshake record
/// or announces an impossible message length.
/// </summary>
internal static class MongoTestServer
{
    /// <summary>A replica-set primary's hello reply, shaped like MongoDB 7.0's (ObjectIds, timestamps, dates, binary, arrays).</summary>
    public static byte[] PrimaryHello() => TestBson.Document(
        ("topologyVersion", new (string, object?)[] { ("processId", new TestBson.ObjectId(new byte[12])), ("counter", 6L) }),
        ("hosts", new TestBson.Array("localhost:27017")),
        ("setName", "rs0"),
        ("setVersion", 1),
        ("isWritablePrimary", true),
        ("secondary", false),
        ("primary", "localhost:27017"),
        ("me", "localhost:27017"),
        ("electionId", new TestBson.ObjectId([0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 1])),
        ("lastWrite", new (string, object?)[]
        {
            ("opTime", new (string, object?)[] { ("ts", new TestBson.Timestamp(1, 1_764_000_000)), ("t", 1L) }),
            ("lastWriteDate", DateTimeOffset.FromUnixTimeSeconds(1_764_000_000)),
        }),
        ("maxBsonObjectSize", 16_777_216),
        ("maxMessageSizeBytes", 48_000_000),
        ("maxWriteBatchSize", 100_000),
        ("localTime", DateTimeOffset.FromUnixTimeSeconds(1_764_000_001)),
        ("logicalSessionTimeoutMinutes", 30),
        ("connectionId", 5),
        ("minWireVersion", 0),
        ("maxWireVersion", 21),
        ("readOnly", false),
        ("ok", 1.0),
        ("$clusterTime", new (string, object?)[]
        {
            ("clusterTime", new TestBson.Timestamp(1, 1_764_000_000)),
            ("signature", new (string, object?)[] { ("hash", new TestBson.Binary(0, new byte[20])), ("keyId", 0L) }),
        }),
        ("operationTime", new TestBson.Timestamp(1, 1_764_000_000)));

    /// <summary>An OP_MSG message: header, flagBits, one kind-0 section per document, and a CRC-32C checksum when asked.</summary>
    public static byte[] OpMsg(int requestId, int responseTo, byte[] body, uint flags = 0, bool checksum = false, int opCode = 2013)
    {
        int length = 16 + 4 + 1 + body.Length + (checksum ? 4 : 0);
        byte[] message = new byte[length];
        BinaryPrimitives.WriteInt32LittleEndian(message, length);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(4), requestId);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(8), responseTo);
        BinaryPrimitives.WriteInt32LittleEndian(message.AsSpan(12), opCode);
        BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(16), flags | (checksum ? 1u : 0u));
        message[20] = 0;
        body.CopyTo(message, 21);
        if (checksum)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(message.AsSpan(length - 4), Crc32C(message.AsSpan(0, length - 4)));
        }

        return message;
    }

    /// <summary>CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), bit by bit as RFC 3720 B.4 defines it.</summary>
    public static uint Crc32C(ReadOnlySpan<byte> bytes)
    {
        uint crc = 0xFFFFFFFF;
        foreach (byte b in bytes)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78 : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>Starts a server; <paramref name="reply"/> builds the bytes sent for a request id (default: an OP_MSG with <see cref="PrimaryHello"/>), sent before it closes; empty: it never answers.</summary>
    public static MongoServer Start(X509Certificate2? certificate, Func<int, byte[]>? reply = null) => new(certificate, reply ?? (id => OpMsg(99, id, PrimaryHello())));

    /// <summary>A running server and the commands it received.</summary>
    internal sealed class MongoServer : IAsyncDisposable
    {
        private readonly LoopbackServer listener;

        public MongoServer(X509Certificate2? certificate, Func<int, byte[]> reply) =>
            listener = new LoopbackServer((stream, ct) => ServeAsync(stream, certificate, reply, ct));

        public int Port => listener.Port;

        /// <summary>Gets the top-level elements of each command received.</summary>
        public List<List<(string Name, object? Value)>> Commands { get; } = [];

        public ValueTask DisposeAsync() => listener.DisposeAsync();

        private async Task ServeAsync(System.Net.Sockets.NetworkStream network, X509Certificate2? certificate, Func<int, byte[]> reply, CancellationToken ct)
        {
            Stream stream = network;
            SslStream? tls = null;
            if (certificate is not null)
            {
                tls = new SslStream(network, leaveInnerStreamOpen: true);
                await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificate = certificate }, ct);
                stream = tls;
            }

            await using (tls)
            {
                byte[] header = new byte[16];
                await stream.ReadExactlyAsync(header, ct);
                if (tls is null && header[0] == 0x16 && header[1] == 0x03)
                {
                    return; // mongod without TLS: "SSL handshake received but server is started without SSL support", then it closes
                }

                int length = BinaryPrimitives.ReadInt32LittleEndian(header);
                if (length < 21 || length > 48_000_000)
                {
                    return; // mongod: "recv(): message msgLen is invalid" and the connection is closed
                }

                byte[] rest = new byte[length - 16];
                await stream.ReadExactlyAsync(rest, ct);
                Assert.Equal(2013, BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12)));
                Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(rest)); // flagBits: no checksum, expects a reply
                Assert.Equal(0, rest[4]); // one kind-0 section
                lock (Commands)
                {
                    Commands.Add(TestBson.ReadTopLevel(rest.AsSpan(5)));
                }

                byte[] answer = reply(BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(4)));
                if (answer.Length > 0)
                {
                    // One reply, then close, so a truncated reply ends where the test cut it; an empty reply means never answer.
                    await stream.WriteAsync(answer, ct);
                    if (tls is not null)
                    {
                        await tls.ShutdownAsync();
                    }

                    network.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);
                }

                await LoopbackServer.ReadUntilClosedAsync(stream, ct);
            }
        }
    }
}
