using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.Host.Demo;

/// <summary>A throwaway CA and a server certificate for <c>localhost</c>/127.0.0.1 issued by it, made at demo start.</summary>
internal sealed class DemoCertificates : IDisposable
{
    private DemoCertificates(X509Certificate2 ca, X509Certificate2 server)
    {
        Ca = ca;
        Server = server;
    }

    public X509Certificate2 Ca { get; }

    public X509Certificate2 Server { get; }

    public string CaPem => Ca.ExportCertificatePem();

    public static DemoCertificates Create()
    {
        // Certificates are checked against the wall clock (TLS clients, the probes' own validator), so they are made on it.
        DateTimeOffset now = TimeProvider.System.GetUtcNow();
        using RSA caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=PrivateLink Onboarding demo CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        X509Certificate2 ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using RSA serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(san.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 issued = serverRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), serial);

        // Kestrel on Linux needs the key attached in an exportable, PKCS#12-loaded form.
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(serverKey).Export(X509ContentType.Pkcs12), null);
        return new DemoCertificates(ca, server);
    }

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
    }
}
