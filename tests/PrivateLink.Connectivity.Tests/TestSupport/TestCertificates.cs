using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.Connectivity.Tests.TestSupport;

/// <summary>Certificates made at test time: a CA and server certificates it issues.</summary>
internal static class TestCertificates
{
    public static X509Certificate2 CreateCa(string name = "Probe Test CA")
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(365));
        return Reload(ca);
    }

    public static X509Certificate2 Issue(X509Certificate2 ca, string dnsName, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddServerExtensions(request, dnsName);
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using X509Certificate2 issued = request.Create(ca, notBefore ?? DateTimeOffset.UtcNow.AddDays(-1), notAfter ?? DateTimeOffset.UtcNow.AddDays(90), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    public static X509Certificate2 SelfSigned(string dnsName)
    {
        using RSA key = RSA.Create(2048);
        CertificateRequest request = new($"CN={dnsName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddServerExtensions(request, dnsName);
        using X509Certificate2 cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        return Reload(cert);
    }

    public static string Pem(X509Certificate2 certificate) => certificate.ExportCertificatePem();

    private static void AddServerExtensions(CertificateRequest request, string dnsName)
    {
        SubjectAlternativeNameBuilder san = new();
        san.AddDnsName(dnsName);
        if (dnsName == "localhost")
        {
            san.AddIpAddress(System.Net.IPAddress.Loopback);
        }

        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
    }

    // A PFX round trip gives a certificate whose private key SslStream can use on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
}
