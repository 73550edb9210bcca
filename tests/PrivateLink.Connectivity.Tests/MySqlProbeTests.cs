using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>The MySQL probe against real MariaDB servers started by scripts/services/mariadb.sh.</summary>
public sealed class MySqlProbeTests
{
    [Fact]
    public async Task ProbeAsync_TlsServerWithCaBundle_SucceedsWithTlsDetails()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_TLS_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.NotNull(result.Tls);
        Assert.Contains(result.Tls.Version, new[] { "Tls12", "Tls13" });
        Assert.StartsWith("TLS_", result.Tls.CipherSuite, StringComparison.Ordinal);
        Assert.Contains("MariaDB", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsRequired_FailsWithReason()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_CLEAR_PORT"));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.Contains("server does not support TLS", result.Detail, StringComparison.Ordinal);
        Assert.Contains("without CLIENT_SSL", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UntrustedCertificateTlsRequired_FailsCertificateInvalid()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_TLS_PORT"));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("untrusted certificate chain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_UntrustedCertificateTlsOptional_RetriesInClearTextWithTheCertificateFailureAsWarning()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_TLS_PORT"), requireTls: false);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Null(result.Tls);
        Assert.NotNull(result.TlsFailureReason);
        Assert.StartsWith("untrusted certificate chain", result.TlsFailureReason, StringComparison.Ordinal);
        Assert.Contains("MariaDB", result.Detail, StringComparison.Ordinal);
        Assert.Contains("clear text used because TLS failed: untrusted certificate chain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearTextServerTlsOptional_SucceedsInClearText()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_CLEAR_PORT"), requireTls: false);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.StartsWith("server does not support TLS", result.TlsFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_DirectMode_ThrowsBecauseMySqlHasNoTlsFirstMode()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.MySql, ServerEnvironment.Port("MARIADB_TLS_PORT"), mode: ProbeTlsMode.Direct);

        await Assert.ThrowsAsync<ArgumentException>(() => sut.ProbeAsync(request, Probes.Bounded()));
    }
}
