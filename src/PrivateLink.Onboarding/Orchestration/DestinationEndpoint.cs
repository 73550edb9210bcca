using PrivateLink.Arm;
using PrivateLink.Connectivity;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>One of a destination's private endpoints (ADLS Gen2 has two: blob and dfs), with its probe results.</summary>
/// <param name="Name">The endpoint's deterministic name: <c>pe-onboard-{destinationId}</c> for the first, <c>pe-onboard-{destinationId}-{groupId}</c> for the others.</param>
/// <param name="GroupId">The Private Link subresource; null for a Private Link Service.</param>
/// <param name="HostName">The host name probed through this endpoint (SNI and certificate name).</param>
/// <param name="Endpoint">The endpoint as last read from ARM; null before it exists.</param>
/// <param name="Probes">The per-port results through this endpoint, once checked.</param>
/// <param name="Dns">The private DNS names registered for this endpoint (FQDN → private IP), once addresses are known.</param>
public sealed record DestinationEndpoint(
    string Name,
    string? GroupId,
    string HostName,
    PrivateEndpointInfo? Endpoint,
    IReadOnlyList<ProbeResult>? Probes,
    PrivateDnsRegistration? Dns = null);
