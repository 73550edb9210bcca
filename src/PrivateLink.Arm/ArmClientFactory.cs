using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.ResourceManager;

namespace PrivateLink.Arm;

/// <summary>Builds the <see cref="ArmClient"/>: environment, pinned api-versions, retry policy, and the transport's certificate trust.</summary>
internal static class ArmClientFactory
{
    public static ArmClient Create(ArmOptions options, TokenCredential credential)
    {
        var clientOptions = new ArmClientOptions
        {
            Environment = new ArmEnvironment(options.Endpoint, options.Audience),
            RetryPolicy = new ArmRetryPolicy(options.MaxRetries, DelayStrategy.CreateExponentialDelayStrategy(options.RetryDelay, options.RetryMaxDelay)),
        };
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Mode = RetryMode.Exponential;
        clientOptions.Retry.Delay = options.RetryDelay;
        clientOptions.Retry.MaxDelay = options.RetryMaxDelay;
        clientOptions.Retry.NetworkTimeout = options.NetworkTimeout;
        clientOptions.AddPolicy(new ArmMetrics.ResponsePolicy(), HttpPipelinePosition.PerRetry);
        foreach (KeyValuePair<ResourceType, string> pin in ArmApiVersions.All)
        {
            clientOptions.SetApiVersion(pin.Key, pin.Value);
        }

        if (!string.IsNullOrEmpty(options.TrustedServerCertificateThumbprint))
        {
            clientOptions.Transport = new HttpClientTransport(CreateHandler(options.TrustedServerCertificateThumbprint));
        }

        return new ArmClient(credential, options.SubscriptionId, clientOptions);
    }

    /// <summary>A handler that accepts system-trusted certificates and exactly one more, by thumbprint (never "accept any").</summary>
    internal static SocketsHttpHandler CreateHandler(string thumbprint)
    {
        var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || (certificate is not null && MatchesThumbprint(certificate, thumbprint));
        return handler;
    }

    internal static bool MatchesThumbprint(X509Certificate certificate, string thumbprint)
    {
        string actual = thumbprint.Length == 40
            ? certificate.GetCertHashString()
            : certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return string.Equals(actual, thumbprint, StringComparison.OrdinalIgnoreCase);
    }
}
