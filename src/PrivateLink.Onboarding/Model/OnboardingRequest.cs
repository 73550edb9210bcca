using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Model;

/// <summary>The onboarding request as callers send it (HTTP body or Service Bus message), before validation.</summary>
/// <remarks>Every member is nullable so that a missing field is reported as a validation error naming it, not as a parse failure.</remarks>
public sealed class OnboardingRequest
{
    /// <summary>Gets or sets the destination id, <c>[a-z0-9-]{3,63}</c>.</summary>
    public string? DestinationId { get; set; }

    /// <summary>Gets or sets the destination type, one of <see cref="SupportMatrix.DestinationType"/>.</summary>
    public string? DestinationType { get; set; }

    /// <summary>Gets or sets the ARM resource ID of the target resource or Private Link Service.</summary>
    public string? TargetResourceId { get; set; }

    /// <summary>Gets or sets the Private Link subresource; discovered from the target when absent.</summary>
    public string? GroupId { get; set; }

    /// <summary>Gets or sets the host name the destination is reached by (SNI and certificate name).</summary>
    public string? HostName { get; set; }

    /// <summary>Gets or sets the ports to probe; required for VM-hosted destinations.</summary>
    public List<PortMappingRequest?>? Ports { get; set; }

    /// <summary>Gets or sets a value indicating whether TLS is required. The default is true.</summary>
    public bool? RequireTls { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether a host name that does not resolve to the endpoint's private IP (from where the
    /// connectors resolve it) fails the connectivity check. The default is false: it is then a warning.
    /// </summary>
    public bool? StrictNameResolution { get; set; }

    /// <summary>Gets or sets the ticket that asked for the onboarding.</summary>
    public string? TicketId { get; set; }

    /// <summary>Gets or sets how long to wait for the customer's approval (ISO-8601, 1 hour to 30 days). The default is 7 days.</summary>
    public string? ApprovalTimeout { get; set; }

    /// <summary>Gets or sets extra CA certificates (PEM) trusted for this destination's TLS certificate, for private CAs.</summary>
    public string? TrustedCaCertificatesPem { get; set; }

    /// <summary>Gets or sets the SHA-256 fingerprint (hex) of the destination's certificate, accepted even from an untrusted CA.</summary>
    public string? PinnedCertificateSha256 { get; set; }

    /// <summary>Gets or sets the URL called back when the onboarding ends.</summary>
    public string? CallbackUrl { get; set; }
}

/// <summary>One port of the request, before validation.</summary>
public sealed class PortMappingRequest
{
    /// <summary>Gets or sets the TCP port.</summary>
    public int? Port { get; set; }

    /// <summary>Gets or sets the IP address the Private Link Service forwards the port to (VM-hosted only).</summary>
    public string? DestinationIp { get; set; }
}
