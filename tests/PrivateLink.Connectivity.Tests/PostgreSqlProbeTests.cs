using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>The PostgreSQL probe against real PostgreSQL 15 servers started by scripts/services/postgres.sh.</summary>
public sealed class PostgreSqlProbeTests
{
    [Fact]
    public async Task ProbeAsync_TlsServerWithCaBundle_SucceedsWithTlsDetails()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_TLS_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.False(result.ClearText);
        Assert.NotNull(result.Tls);
        Assert.Equal("Tls13", result.Tls.Version);
        Assert.StartsWith("TLS_", result.Tls.CipherSuite, StringComparison.Ordinal);
        Assert.Equal("CN=localhost", result.Tls.CertificateSubject);
        Assert.Equal("CN=PrivateLink Test CA", result.Tls.CertificateIssuer);
        Assert.Equal(64, result.Tls.CertificateSha256.Length);
    }

    [Fact]
    public async Task ProbeAsync_TlsServerWithoutCaBundle_FailsAsUntrustedChain()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_TLS_PORT"));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("untrusted certificate chain", result.Detail, StringComparison.Ordinal);
        Assert.Equal(result.Detail, result.TlsFailureReason);
        Assert.False(result.ClearText);
    }

    [Fact]
    public async Task ProbeAsync_UntrustedCertificateTlsOptional_RetriesInClearTextAndReportsTheCertificateFailure()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_TLS_PORT"), requireTls: false);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        // The server (ssl=on, pg_hba "host ... trust") also takes clear-text connections: the retry proves PostgreSQL answers.
        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Null(result.Tls);
        Assert.NotNull(result.TlsFailureReason);
        Assert.StartsWith("untrusted certificate chain", result.TlsFailureReason, StringComparison.Ordinal);
        Assert.Contains("clear text used because TLS failed: untrusted certificate chain", result.Detail, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsRequired_FailsWithReason()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_CLEAR_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.StartsWith("server does not support TLS", result.Detail, StringComparison.Ordinal);
        Assert.Equal(result.Detail, result.TlsFailureReason);
        Assert.Null(result.Tls);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsOptional_SucceedsInClearTextWithReason()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_CLEAR_PORT"), requireTls: false);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.StartsWith("server does not support TLS", result.TlsFailureReason, StringComparison.Ordinal);
        Assert.Null(result.Tls);
    }

    [Fact]
    public async Task ProbeAsync_DirectTlsAgainstPostgres15_FailsTlsRejected()
    {
        // PostgreSQL 15 has no direct TLS (that came in 17): it reads the ClientHello as a startup packet and closes.
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_TLS_PORT"), caBundle: ServerEnvironment.CaBundlePem(), mode: ProbeTlsMode.Direct);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.NotNull(result.TlsFailureReason);
    }

    [Fact]
    public async Task ProbeAsync_DirectTlsFailsTlsOptional_ChecksClearTextOnNewConnection()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.PostgreSql, ServerEnvironment.Port("PG_CLEAR_PORT"), requireTls: false, mode: ProbeTlsMode.Direct);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.StartsWith("PostgreSQL answered", result.Detail, StringComparison.Ordinal);
        Assert.NotNull(result.TlsFailureReason);
    }
}
