using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>The MongoDB probe against an in-test listener written from the wire protocol specification (no MongoDB server installs here).</summary>
public sealed class MongoDbProbeTests : IDisposable
{
    private readonly X509Certificate2 ca = TestCertificates.CreateCa();
    private readonly X509Certificate2 server;

    public MongoDbProbeTests() => server = TestCertificates.Issue(ca, "localhost");

    public void Dispose()
    {
        server.Dispose();
        ca.Dispose();
    }

    [Fact]
    public async Task ProbeAsync_TlsServerWithValidCertificate_SucceedsWithHelloOverOpMsg()
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.StartsWith("MongoDB answered hello: writable primary, replica set rs0, maxWireVersion 21 over TLS; Tls13", result.Detail, StringComparison.Ordinal);
        Assert.False(result.ClearText);
        Assert.NotNull(result.Tls);
        Assert.Equal("CN=localhost", result.Tls.CertificateSubject);
        List<(string Name, object? Value)> command = Assert.Single(listener.Commands);
        Assert.Equal([("hello", (object?)1), ("$db", "admin")], command);
    }

    [Fact]
    public async Task ProbeAsync_CosmosShapedLegacyReply_ReadsIsMasterAndInt32Ok()
    {
        // Azure Cosmos DB for MongoDB answers with the legacy 'ismaster' field and its own replica set name.
        byte[] reply = TestBson.Document(("ismaster", true), ("maxBsonObjectSize", 16_777_216), ("maxWireVersion", 8L), ("minWireVersion", 0),
            ("setName", "globaldb"), ("hosts", new TestBson.Array("acct.mongo.cosmos.azure.com:10255")), ("ok", 1));
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, id => MongoTestServer.OpMsg(1, id, reply));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.StartsWith("MongoDB answered hello: writable primary, replica set globaldb, maxWireVersion 8 over TLS", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ServerRefusesHelloCommand_SucceedsAndSaysWhy()
    {
        // A server older than 4.4.2 knows no 'hello': its error reply still proves MongoDB answers over TLS.
        byte[] reply = TestBson.Document(("ok", 0.0), ("errmsg", "no such command: 'hello'"), ("code", 59), ("codeName", "CommandNotFound"));
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, id => MongoTestServer.OpMsg(1, id, reply));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.StartsWith("MongoDB answered hello with error 59 CommandNotFound: no such command: 'hello' over TLS", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ReplyWithValidChecksum_Succeeds()
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, id => MongoTestServer.OpMsg(1, id, MongoTestServer.PrimaryHello(), checksum: true));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
    }

    [Fact]
    public async Task ProbeAsync_CertificateForAnotherName_CertificateInvalid()
    {
        using X509Certificate2 wrong = TestCertificates.Issue(ca, "acct.mongo.cosmos.azure.com");
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(wrong);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.Equal("certificate name mismatch: expected localhost, got acct.mongo.cosmos.azure.com", result.Detail);
        Assert.False(result.ClearText);
        Assert.Empty(listener.Commands);
    }

    [Fact]
    public async Task ProbeAsync_CertificateForAnotherNameTlsOptional_RetriesInClearTextAndKeepsTheCertificateFailure()
    {
        using X509Certificate2 wrong = TestCertificates.Issue(ca, "acct.mongo.cosmos.azure.com");
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(wrong);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.MongoDb, listener.Port, requireTls: false, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        // A TLS-only listener cannot answer the clear-text retry: the certificate stays the reason, and nothing was sent over
        // the session whose certificate failed.
        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("certificate name mismatch: expected localhost, got acct.mongo.cosmos.azure.com; the clear-text retry failed too: ", result.Detail, StringComparison.Ordinal);
        Assert.Equal("certificate name mismatch: expected localhost, got acct.mongo.cosmos.azure.com", result.TlsFailureReason);
        Assert.False(result.ClearText);
        Assert.Empty(listener.Commands);
    }

    [Fact]
    public async Task ProbeAsync_CertificateFromUnknownCa_CertificateInvalid()
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("untrusted certificate chain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsRequired_TlsRejected()
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(certificate: null);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.Matches("^server (closed|reset) the connection during the TLS handshake", result.Detail);
        Assert.False(result.ClearText);
        Assert.Empty(listener.Commands);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsOptional_SucceedsInClearTextAndSaysWhy()
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(certificate: null);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Null(result.Tls);
        Assert.StartsWith("MongoDB answered hello: writable primary, replica set rs0, maxWireVersion 21 in clear text; clear text used because TLS failed: server", result.Detail, StringComparison.Ordinal);
        Assert.Matches("^server (closed|reset) the connection during the TLS handshake", result.TlsFailureReason);
        Assert.Single(listener.Commands);
    }

    [Fact]
    public async Task ProbeAsync_HttpsServerInsteadOfMongoDb_ProtocolErrorNamingTheBytes()
    {
        byte[] http = Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, _ => http);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.StartsWith("MongoDB exchange over TLS: expected a frame length between 16 and 65536 bytes, received a header announcing 1347703880: 48-54-54-50", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_PlainHttpServerTlsOptional_ClearTextHelloFailsAsProtocolError()
    {
        await using LoopbackServer listener = new(async (stream, ct) =>
        {
            await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: true, ct);
            await stream.WriteAsync(Encoding.ASCII.GetBytes("HTTP/1.1 400 Bad Request\r\n\r\n"), ct);
            stream.Socket.Shutdown(SocketShutdown.Send);
            await LoopbackServer.ReadUntilClosedAsync(stream, ct);
        });
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.StartsWith("MongoDB clear-text check: expected a frame length between 16 and 65536 bytes", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("server does not support TLS: it answered 48-54-54-50", result.TlsFailureReason, StringComparison.Ordinal);
        Assert.False(result.ClearText);
    }

    public static TheoryData<string, string> HostileReplies() => new()
    {
        { "truncated", "(truncated)" },
        { "oversized", "expected a frame length between 16 and 65536 bytes, received a header announcing 100000000" },
        { "wrong-request", "expected a reply to request" },
        { "op-reply", "received OP_REPLY (opCode 1): the server predates MongoDB 3.6" },
        { "trailing", "received 3 more bytes after it: DE-AD-BE" },
        { "more-to-come", "expected OP_MSG flagBits without required bits other than checksumPresent, received 0x00000002" },
        { "bad-checksum", "expected OP_MSG checksum" },
        { "no-ok", "expected a numeric 'ok' field in the hello reply, received fields isWritablePrimary, maxWireVersion" },
        { "bad-bson", "expected a BSON document to end with 0x00" },
    };

    [Theory]
    [MemberData(nameof(HostileReplies))]
    public async Task ProbeAsync_HostileReplyOverTls_ProtocolErrorNamingTheFault(string fault, string expected)
    {
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, id => Hostile(fault, id));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.MongoDb, listener.Port, requireTls: false, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.StartsWith("MongoDB exchange over TLS: ", result.Detail, StringComparison.Ordinal);
        Assert.Contains(expected, result.Detail, StringComparison.Ordinal);
        Assert.False(result.ClearText);
    }

    [Fact]
    public async Task ProbeAsync_ServerNeverAnswersHello_TimesOutDuringTheExchange()
    {
        Microsoft.Extensions.Time.Testing.FakeTimeProvider time = Probes.FakeTime();
        TaskCompletionSource asked = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using MongoTestServer.MongoServer listener = MongoTestServer.Start(server, _ =>
        {
            asked.TrySetResult();
            return [];
        });
        ConnectivityProbe sut = Probes.Create(time);

        Task<ProbeResult> probe = sut.ProbeAsync(Probes.Request(ProbeProtocol.MongoDb, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());
        await asked.Task.WaitAsync(Probes.Bounded());
        time.Advance(TimeSpan.FromSeconds(5));
        ProbeResult result = await probe.WaitAsync(Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TimedOut, result);
        Assert.Equal("timed out after 5 s during MongoDB exchange over TLS", result.Detail);
    }

    private static byte[] Hostile(string fault, int requestId)
    {
        byte[] hello = MongoTestServer.PrimaryHello();
        byte[] good = MongoTestServer.OpMsg(1, requestId, hello);
        switch (fault)
        {
            case "truncated":
                return good[..40]; // the server then closes: the probe has half a message
            case "oversized":
                byte[] huge = (byte[])good.Clone();
                System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(huge, 100_000_000);
                return huge;
            case "wrong-request":
                return MongoTestServer.OpMsg(1, requestId + 1, hello);
            case "op-reply":
                return MongoTestServer.OpMsg(1, requestId, hello, opCode: 1);
            case "trailing":
                return [.. good, 0xDE, 0xAD, 0xBE];
            case "more-to-come":
                return MongoTestServer.OpMsg(1, requestId, hello, flags: 2);
            case "bad-checksum":
                byte[] summed = MongoTestServer.OpMsg(1, requestId, hello, checksum: true);
                summed[^1] ^= 0xFF;
                return summed;
            case "no-ok":
                return MongoTestServer.OpMsg(1, requestId, TestBson.Document(("isWritablePrimary", true), ("maxWireVersion", 21)));
            case "bad-bson":
                byte[] broken = (byte[])good.Clone();
                broken[^1] = 0x01;
                return broken;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "unknown fault");
        }
    }
}
