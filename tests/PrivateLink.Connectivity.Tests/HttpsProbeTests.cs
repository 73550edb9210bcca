using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PrivateLink.Connectivity.Tests.TestSupport;

namespace PrivateLink.Connectivity.Tests;

/// <summary>The HTTPS probe and the certificate rules against real nginx server blocks started by scripts/services/nginx.sh.</summary>
public sealed class HttpsProbeTests
{
    [Fact]
    public async Task ProbeAsync_ValidCertificateWithCaBundle_SucceedsAndHttpAnswers()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_TLS_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.StartsWith("HTTP/1.1 200", result.Detail, StringComparison.Ordinal);
        Assert.NotNull(result.Tls);
        Assert.Equal("Tls13", result.Tls.Version);
        Assert.False(result.Tls.ExpiresSoon);
    }

    [Fact]
    public async Task ProbeAsync_ValidCertificateWithoutCaBundle_FailsUntrusted()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_TLS_PORT"));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("untrusted certificate chain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_WrongHostName_FailsWithNameMismatch()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_WRONGNAME_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.Equal("certificate name mismatch: expected localhost, got wrong.example.test", result.Detail);
        Assert.False(result.ClearText);
    }

    [Fact]
    public async Task ProbeAsync_WrongHostNameTlsOptional_RetriesInClearTextWithTheMismatchAsWarning()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_WRONGNAME_PORT"), requireTls: false, caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        // nginx answers a clear-text request on its TLS port with its own 400: an HTTP server answered in clear text, and
        // the result says so together with why TLS failed.
        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.Null(result.Tls);
        Assert.Equal("certificate name mismatch: expected localhost, got wrong.example.test", result.TlsFailureReason);
        Assert.Matches("^HTTP/1\\.1 400 .* in clear text; clear text used because TLS failed: certificate name mismatch", result.Detail);
    }

    [Fact]
    public async Task ProbeAsync_ExpiredCertificateTlsOptional_RetriesInClearTextWithTheExpiryAsWarning()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_EXPIRED_PORT"), requireTls: false, caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.NotNull(result.TlsFailureReason);
        Assert.StartsWith("certificate expired on 2020-02-01 00:00:00Z", result.TlsFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ExpiredCertificate_FailsWithExpiryDate()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_EXPIRED_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("certificate expired on 2020-02-01 00:00:00Z", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_SelfSignedWithoutPin_FailsUntrusted()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_SELFSIGNED_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.Contains("untrusted certificate chain", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_SelfSignedWithMatchingPin_Succeeds()
    {
        ConnectivityProbe sut = Probes.Create();
        string pin = Fingerprint("selfsigned.crt", separator: ":");
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_SELFSIGNED_PORT"), pin: pin);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.Equal(pin.Replace(":", "", StringComparison.Ordinal), result.Tls!.CertificateSha256);
    }

    [Fact]
    public async Task ProbeAsync_TrustedCertificateWithWrongPin_FailsWithFingerprintMismatch()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_TLS_PORT"),
            caBundle: ServerEnvironment.CaBundlePem(), pin: Fingerprint("selfsigned.crt", separator: ""));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.CertificateInvalid, result);
        Assert.StartsWith("certificate fingerprint mismatch", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearHttpServerTlsRequired_FailsServerDoesNotSupportTls()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_CLEAR_PORT"));

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.TlsRejected, result);
        Assert.StartsWith("server does not support TLS", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_ClearHttpServerTlsOptional_AnswersInClearText()
    {
        ConnectivityProbe sut = Probes.Create();
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_CLEAR_PORT"), requireTls: false);

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.ClearText);
        Assert.StartsWith("HTTP/1.1 200", result.Detail, StringComparison.Ordinal);
        Assert.StartsWith("server does not support TLS", result.TlsFailureReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_CertificateWithin30DaysOfExpiry_ReportsExpiresSoon()
    {
        using X509Certificate2 served = X509CertificateLoader.LoadCertificateFromFile(ServerEnvironment.CertificatePath("server.crt"));
        Microsoft.Extensions.Time.Testing.FakeTimeProvider time = new(new DateTimeOffset(served.NotAfter.ToUniversalTime()).AddDays(-10));
        ConnectivityProbe sut = Probes.Create(time);
        ProbeRequest request = Probes.Request(ProbeProtocol.Https, ServerEnvironment.Port("NGINX_TLS_PORT"), caBundle: ServerEnvironment.CaBundlePem());

        ProbeResult result = await sut.ProbeAsync(request, Probes.Bounded());

        Probes.AssertStatus(ProbeStatus.Succeeded, result);
        Assert.True(result.Tls!.ExpiresSoon);
    }

    private static string Fingerprint(string file, string separator)
    {
        using X509Certificate2 certificate = X509CertificateLoader.LoadCertificateFromFile(ServerEnvironment.CertificatePath(file));
        return Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + separator + b);
    }
}
