using System.ComponentModel.DataAnnotations;
using PrivateLink.Connectivity.NameResolution;

namespace PrivateLink.Connectivity;

/// <summary>Timeouts and limits of the connectivity probes.</summary>
public sealed class ProbeOptions : IValidatableObject
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string SectionName = "Connectivity:Probe";

    /// <summary>Gets or sets how long name resolution plus the TCP connect may take.</summary>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long each protocol exchange may take (SSLRequest, greeting, PRELOGIN, the HTTP request, the clear-text check).</summary>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan NegotiationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how long the TLS handshake may take.</summary>
    /// <value>The default is 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how close to its expiry a certificate is reported as expiring soon.</summary>
    /// <value>The default is 30 days.</value>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ParseLimitsInInvariantCulture = true, ConvertValueInInvariantCulture = true)]
    public TimeSpan ExpiryWarningWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Gets or sets a value indicating whether certificate revocation is checked online.</summary>
    /// <value>The default is false.</value>
    /// <remarks>
    /// Off by default: a private endpoint's network often cannot reach the CA's CRL/OCSP servers, and a probe must not
    /// report a reachable, correctly certified destination as broken because of that. Turn it on where those servers are reachable.
    /// </remarks>
    public bool CheckCertificateRevocation { get; set; }

    /// <summary>Gets or sets the DNS servers the name-resolution check asks, <c>ip</c> or <c>ip:port</c> separated by ';'.</summary>
    /// <value>The default is none: the system resolver, the one the connectors running beside this service use.</value>
    /// <remarks>
    /// Set it when the connectors resolve names through other servers than this service's host (for example the VNet's DNS
    /// forwarder or a private resolver's inbound endpoint). The servers are asked directly, without a cache, within
    /// <see cref="ConnectTimeout"/>.
    /// </remarks>
    public string? DnsServers { get; set; }

    /// <inheritdoc/>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!NameResolutionCheck.TryParseServers(DnsServers, out _, out string? problem))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(DnsServers)}: {problem}.", [nameof(DnsServers)]);
        }
    }
}
