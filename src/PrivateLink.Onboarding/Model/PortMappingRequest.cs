namespace PrivateLink.Onboarding.Model;

/// <summary>One port of the request, before validation.</summary>
public sealed class PortMappingRequest
{
    /// <summary>Gets or sets the TCP port.</summary>
    public int? Port { get; set; }

    /// <summary>Gets or sets the IP address the Private Link Service forwards the port to (VM-hosted only).</summary>
    public string? DestinationIp { get; set; }
}
