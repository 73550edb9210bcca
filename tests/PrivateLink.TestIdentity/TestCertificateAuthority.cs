using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.TestIdentity;

/// <summary>A CA made for one test run, issuing a TLS certificate for 127.0.0.1; clients trust exactly this CA (custom root trust), never any certificate.</summary>
public sealed class TestCertificateAuthority : IDisposable
{
    private readonly RSA _key;

    private TestCertificateAuthority(X509Certificate2 certificate, RSA key)
    {
        Certificate = certificate;
        _key = key;
    }

    /// <summary>Gets the CA certificate.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>Gets the CA certificate in PEM (for <c>SSL_CERT_FILE</c> of a child process).</summary>
    public string Pem => Certificate.ExportCertificatePem();

    /// <summary>Makes a CA.</summary>
    /// <returns>The CA.</returns>
    public static TestCertificateAuthority Create()
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=PrivateLink test identity CA", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        X509Certificate2 ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(2));
        return new TestCertificateAuthority(ca, key);
    }

    /// <summary>Issues a server certificate for 127.0.0.1 and localhost.</summary>
    /// <returns>The certificate with its private key.</returns>
    public X509Certificate2 IssueServerCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        using X509Certificate2 issued = request.Create(Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_key, RSASignaturePadding.Pkcs1), DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1), serial);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A handler whose server-certificate check builds the chain to this CA only (full validation, custom root trust).</summary>
    /// <returns>The handler.</returns>
    public HttpMessageHandler CreateTrustingHandler()
    {
        X509Certificate2 root = Certificate;
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { root },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Certificate.Dispose();
        _key.Dispose();
    }
}
