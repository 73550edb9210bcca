using System.Security.Cryptography.X509Certificates;
using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>The TDS probe against an in-test TDS listener (no SQL Server can be installed here).</summary>
public sealed class TdsProbeTests : IDisposable
{
    private readonly X509Certificate2 ca = TestCertificates.CreateCa();
    private readonly X509Certificate2 server;

    public TdsProbeTests() => server = TestCertificates.Issue(ca, "localhost");

    public void Dispose()
    {
        server.Dispose();
        ca.Dispose();
    }

    [Theory]
    [InlineData(0x00, "Off")]
    [InlineData(0x01, "On")]
    [InlineData(0x03, "Required")]
    public async Task ProbeAsync_ServerOffersEncryption_HandshakesInsideTdsPackets(byte encryption, string name)
    {
        await using LoopbackServer listener = TdsTestServer.Start(encryption, server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Tds, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.NotNull(result.Tls);
        Assert.Contains($"ENCRYPTION={name}", result.Detail, StringComparison.Ordinal);
        Assert.Contains(TdsTestServer.Version, result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_EncryptionNotSupportedTlsRequired_FailsTlsRejected()
    {
        await using LoopbackServer listener = TdsTestServer.Start(0x02, server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Tds, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.StartsWith("server does not support TLS", result.Detail, StringComparison.Ordinal);
        Assert.Contains("ENCRYPTION=NotSupported", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_EncryptionNotSupportedTlsOptional_SucceedsInClearText()
    {
        await using LoopbackServer listener = TdsTestServer.Start(0x02, server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(Probes.Request(ProbeProtocol.Tds, listener.Port, requireTls: false), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Contains("ENCRYPTION=NotSupported", result.TlsFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_Tds8Strict_HandshakesFirstThenPreLoginOverTls()
    {
        await using LoopbackServer listener = TdsTestServer.Start(0x01, server, strict: true);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.Tds, listener.Port, caBundle: TestCertificates.Pem(ca), mode: ProbeTlsMode.Direct), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.Contains("TDS 8 strict", result.Detail, StringComparison.Ordinal);
        Assert.Equal("Tls13", result.Tls!.Version);
    }

    [Fact]
    public async Task ProbeAsync_Tds8StrictAgainstTds7Server_FailsTlsRejected()
    {
        await using LoopbackServer listener = TdsTestServer.Start(0x01, server);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.Tds, listener.Port, caBundle: TestCertificates.Pem(ca), mode: ProbeTlsMode.Direct), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        // A TDS 7 server drops a connection that starts with a ClientHello; whether the kernel reports FIN or RST depends on unread bytes.
        Assert.Matches("^server (closed|reset) the connection during the TLS handshake", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_WrongNameInsideTdsHandshake_FailsCertificateInvalid()
    {
        using X509Certificate2 wrong = TestCertificates.Issue(ca, "sql.other.test");
        await using LoopbackServer listener = TdsTestServer.Start(0x01, wrong);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.Tds, listener.Port, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.Equal("certificate name mismatch: expected localhost, got sql.other.test", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_WrongNameInsideTdsHandshakeTlsOptional_RetriesPreloginInClearText()
    {
        using X509Certificate2 wrong = TestCertificates.Issue(ca, "sql.other.test");
        await using LoopbackServer listener = TdsTestServer.Start(0x01, wrong);
        ConnectivityProbe sut = Probes.Create();

        ProbeResult result = await sut.ProbeAsync(
            Probes.Request(ProbeProtocol.Tds, listener.Port, requireTls: false, caBundle: TestCertificates.Pem(ca)), Probes.Bounded());

        // The retry's PRELOGIN answer says what the server wants (ENCRYPTION=On): the result shows it beside the TLS failure.
        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Equal("certificate name mismatch: expected localhost, got sql.other.test", result.TlsFailureReason);
        Assert.StartsWith("SQL Server 16.0.1000 answered PRELOGIN in clear text (ENCRYPTION=On); clear text used because TLS failed: certificate name mismatch", result.Detail, StringComparison.Ordinal);
    }
}
