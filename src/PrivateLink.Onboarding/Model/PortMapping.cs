namespace PrivateLink.Onboarding.Model;

/// <summary>One port to probe: for VM-hosted destinations, a Private Link Service port and the IP it forwards to.</summary>
/// <param name="Port">The TCP port.</param>
/// <param name="DestinationIp">The IP address behind the Private Link Service; null for Azure-hosted destinations.</param>
public sealed record PortMapping(int Port, string? DestinationIp);
