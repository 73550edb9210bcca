using System.Globalization;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PrivateLink.Connectivity.Tls;

/// <summary>Validates one server certificate for one probe: expiry, host name, pin, then chain (system trust or the destination's CA bundle).</summary>
/// <remarks>
/// There is no "accept any" path: a certificate passes only when it is in its validity window, names the destination
/// and either chains to a trusted root (system store or the destination's bundle) or matches the pinned fingerprint.
/// A pin replaces chain trust only; name and expiry are still checked.
/// Validity is judged at the injected clock's time so tests and the expiry warning agree.
/// </remarks>
internal sealed class CertificateValidator(
    string hostName,
    X509Certificate2Collection? trustedCas,
    string? pinnedSha256,
    TimeProvider timeProvider,
    bool checkRevocation)
{
    /// <summary>Gets why the certificate was refused, when it was.</summary>
    public string? Failure { get; private set; }

    /// <summary>Gets a value indicating whether the server presented a certificate.</summary>
    public bool CertificateSeen { get; private set; }

    /// <summary>The SHA-256 fingerprint of a certificate, upper-case hex without separators.</summary>
    public static string Sha256(X509Certificate2 certificate) => Convert.ToHexString(SHA256.HashData(certificate.RawData));

    /// <summary>Normalises a configured fingerprint ("AB:CD…", "ab cd…") to upper-case hex, or null when it is not 32 bytes of hex.</summary>
    public static string? NormalizePin(string pin)
    {
        string hex = new([.. pin.Where(c => c is not (':' or '-' or ' '))]);
        return hex.Length == 64 && hex.All(Uri.IsHexDigit) ? hex.ToUpperInvariant() : null;
    }

    /// <summary>The <see cref="RemoteCertificateValidationCallback"/> for SslStream.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors sslPolicyErrors)
    {
        if (certificate is null || (sslPolicyErrors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
        {
            Failure = "the server presented no certificate";
            return false;
        }

        CertificateSeen = true;
        X509Certificate2 leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        Failure = Check(leaf, chain, sslPolicyErrors);
        return Failure is null;
    }

    private string? Check(X509Certificate2 leaf, X509Chain? presented, SslPolicyErrors sslPolicyErrors)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        if (now > leaf.NotAfter.ToUniversalTime())
        {
            return $"certificate expired on {Format(leaf.NotAfter)} (subject {leaf.Subject})";
        }

        if (now < leaf.NotBefore.ToUniversalTime())
        {
            return $"certificate not valid before {Format(leaf.NotBefore)} (subject {leaf.Subject})";
        }

        // SslStream matched the name against TargetHost (the destination host name) already.
        if ((sslPolicyErrors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return $"certificate name mismatch: expected {hostName}, got {Names(leaf)}";
        }

        if (pinnedSha256 is not null)
        {
            string actual = Sha256(leaf);
            return string.Equals(actual, pinnedSha256, StringComparison.Ordinal)
                ? null
                : $"certificate fingerprint mismatch: expected SHA-256 {pinnedSha256}, got {actual}";
        }

        string? systemFailure = BuildChain(leaf, presented, customRoots: null);
        if (systemFailure is null)
        {
            return null;
        }

        if (trustedCas is { Count: > 0 })
        {
            string? bundleFailure = BuildChain(leaf, presented, trustedCas);
            return bundleFailure is null ? null : $"untrusted certificate chain (system store and the destination's CA bundle): {bundleFailure}";
        }

        return $"untrusted certificate chain: {systemFailure}";
    }

    private string? BuildChain(X509Certificate2 leaf, X509Chain? presented, X509Certificate2Collection? customRoots)
    {
        using X509Chain chain = new();
        chain.ChainPolicy.VerificationTime = timeProvider.GetUtcNow().UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;
        chain.ChainPolicy.RevocationMode = checkRevocation ? X509RevocationMode.Online : X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // server authentication
        if (presented is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(presented.ChainPolicy.ExtraStore);
            foreach (X509ChainElement element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (customRoots is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(customRoots);
        }

        if (chain.Build(leaf))
        {
            return null;
        }

        IEnumerable<string> problems = chain.ChainStatus
            .Where(s => s.Status != X509ChainStatusFlags.NoError)
            .Select(s => $"{s.Status} ({s.StatusInformation.Trim()})")
            .Distinct();
        return $"{string.Join("; ", problems)}; issuer {leaf.Issuer}";
    }

    private static string Names(X509Certificate2 leaf)
    {
        X509SubjectAlternativeNameExtension? san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (san is not null)
        {
            string[] names = [.. san.EnumerateDnsNames(), .. san.EnumerateIPAddresses().Select(a => a.ToString())];
            if (names.Length > 0)
            {
                return string.Join(", ", names);
            }
        }

        return leaf.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
    }

    private static string Format(DateTime time) =>
        time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
