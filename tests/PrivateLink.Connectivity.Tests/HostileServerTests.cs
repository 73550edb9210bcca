using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>Peers that refuse, stall, lie or hang up: each must end in a clean result with a precise reason.</summary>
public sealed class HostileServerTests
{
    [Fact]
    public async Task ProbeAsync_ClosedPort_ReportsConnectionRefused()
    {
        TcpListener reserve = new(IPAddress.Loopback, 0);
        reserve.Start();
        int port = ((IPEndPoint)reserve.LocalEndpoint).Port;
        reserve.Stop();
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Refused, result);
        Assert.Equal("connection refused", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ConnectNeverCompletes_TimesOutDuringTcpConnect()
    {
        // Loopback answers every SYN, so no real address here can black-hole a connect without sending traffic elsewhere;
        // the connector seam stands in for a peer that never answers, and the fake clock drives the 5 s timeout.
        FakeTimeProvider time = Probes.FakeTime();
        TaskCompletionSource connecting = new(TaskCreationOptions.RunContinuationsAsynchronously);
        ConnectivityProbe sut = new(Options.Create(new ProbeOptions()), time, null, async (_, ct) =>
        {
            connecting.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });

        Task<ProbeResult> probe = sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, 5432), Probes.Bounded());
        await connecting.Task.WaitAsync(Probes.Bounded());
        time.Advance(TimeSpan.FromSeconds(5));
        ProbeResult result = await probe.WaitAsync(Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TimedOut, result);
        Assert.Equal("timed out after 5 s during TCP connect", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ServerAcceptsButNeverAnswers_TimesOutDuringNegotiation()
    {
        FakeTimeProvider time = Probes.FakeTime();
        TaskCompletionSource requestSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.ReadExactlyAsync(new byte[8], ct);
            requestSeen.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        ConnectivityProbe sut = Probes.Create(time);

        Task<ProbeResult> probe = sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port), Probes.Bounded());
        await requestSeen.Task.WaitAsync(Probes.Bounded());
        time.Advance(TimeSpan.FromSeconds(5));
        ProbeResult result = await probe.WaitAsync(Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TimedOut, result);
        Assert.Equal("timed out after 5 s during PostgreSQL negotiation", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ServerStallsAfterClientHello_TimesOutDuringHandshake()
    {
        FakeTimeProvider time = Probes.FakeTime();
        TaskCompletionSource helloSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.ReadExactlyAsync(new byte[8], ct);
            await stream.WriteAsync("S"u8.ToArray(), ct);
            await stream.ReadExactlyAsync(new byte[5], ct); // the ClientHello's record header
            helloSeen.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        ConnectivityProbe sut = Probes.Create(time);

        Task<ProbeResult> probe = sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port), Probes.Bounded());
        await helloSeen.Task.WaitAsync(Probes.Bounded());
        time.Advance(TimeSpan.FromSeconds(5));
        ProbeResult result = await probe.WaitAsync(Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TimedOut, result);
        Assert.Equal("timed out after 5 s during the TLS handshake", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        TaskCompletionSource requestSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.ReadExactlyAsync(new byte[8], ct);
            requestSeen.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
        });
        ConnectivityProbe sut = Probes.Create();
        using CancellationTokenSource caller = new();

        Task<ProbeResult> probe = sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port), caller.Token);
        await requestSeen.Task.WaitAsync(Probes.Bounded());
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => probe.WaitAsync(Probes.Bounded()));
    }

    [Fact]
    public async Task ProbeAsync_GarbageInsteadOfSslResponse_ProtocolErrorWithHex()
    {
        await using LoopbackServer server = Answering(Encoding.ASCII.GetBytes("HELLO"));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.Equal("PostgreSQL negotiation: expected 'S' (0x53) or 'N' (0x4E) in answer to SSLRequest, received 48-45-4C-4C-4F (5 bytes)", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_BytesBufferedAfterS_ProtocolErrorNotTls()
    {
        // Regression guard for CVE-2021-23222: bytes injected before the handshake must never be read as TLS data.
        await using LoopbackServer server = Answering([(byte)'S', 0x16, 0x03, 0x03]);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port, requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.Contains("CVE-2021-23222", result.Detail, StringComparison.Ordinal);
        Assert.False(result.ClearText);
    }

    [Fact]
    public async Task ProbeAsync_ServerClosesAfterClientHello_TlsRejectedWithReason()
    {
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.ReadExactlyAsync(new byte[8], ct);
            await stream.WriteAsync("S"u8.ToArray(), ct);
            await stream.ReadExactlyAsync(new byte[5], ct);
        });
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.PostgreSql, server.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.Matches("^server (closed|reset) the connection during the TLS handshake", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ServerClosesMidServerHello_TlsRejectedMidHandshake()
    {
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.ReadExactlyAsync(new byte[5], ct);
            await stream.WriteAsync(new byte[] { 0x16, 0x03, 0x03, 0x00, 0x40, 0x02, 0x00, 0x00, 0x3C }, ct); // half a ServerHello
            stream.Socket.Shutdown(SocketShutdown.Send);
            await LoopbackServer.ReadUntilClosedAsync(stream, ct);
        });
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Https, server.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.Equal("server closed the connection in the middle of the TLS handshake", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_HttpsPeerAnswersGarbage_TlsRejectedServerDoesNotSupportTls()
    {
        await using LoopbackServer server = Answering(Encoding.ASCII.GetBytes("garbage\r\n"));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Https, server.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.Equal("server does not support TLS: it answered 67-61-72-62-61-67-65-0D-0A (9 bytes) instead of a TLS handshake", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_GarbagePeerTlsOptional_ClearTextCheckFailsAsProtocolError()
    {
        await using LoopbackServer server = Answering(Encoding.ASCII.GetBytes("garbage\r\n"));
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Https, server.Port, requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.StartsWith("HTTP clear-text check: expected an HTTP status line", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("server does not support TLS", result.TlsFailureReason, StringComparison.Ordinal);
        Assert.False(result.ClearText);
    }

    [Fact]
    public async Task ProbeAsync_MySqlPeerSendsTruncatedGreeting_ProtocolError()
    {
        await using LoopbackServer server = new(async (stream, ct) =>
        {
            await stream.WriteAsync(new byte[] { 0x4A, 0x00, 0x00, 0x00, 0x0A, 0x35 }, ct);
            stream.Socket.Shutdown(SocketShutdown.Send);
            await LoopbackServer.ReadUntilClosedAsync(stream, ct);
        });
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.MySql, server.Port), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.ProtocolError, result);
        Assert.StartsWith("MySQL negotiation: expected a 78-byte greeting packet", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_InvalidPin_CertificateInvalidWithoutConnecting()
    {
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Https, 1, pin: "not-a-fingerprint"), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.Contains("not a SHA-256 fingerprint", result.Detail, StringComparison.Ordinal);
    }

    /// <summary>A peer that reads whatever the client sends first, answers <paramref name="answer"/>, and closes.</summary>
    private static LoopbackServer Answering(byte[] answer) => new(async (stream, ct) =>
    {
        await stream.ReadAtLeastAsync(new byte[4096], 1, throwOnEndOfStream: true, ct);
        await stream.WriteAsync(answer, ct);
        stream.Socket.Shutdown(SocketShutdown.Send);
        await LoopbackServer.ReadUntilClosedAsync(stream, ct);
    });
}
