namespace PrivateLink.Arm;

/// <summary>What ARM reports of a Private Link Service in front of a VM-hosted destination.</summary>
/// <param name="Alias">The service's alias.</param>
/// <param name="AutoApproval">True when this service's subscription is in the service's auto-approval list.</param>
/// <param name="LoadBalancerFrontendIpConfigurationIds">The load balancer frontends the service fronts.</param>
public sealed record PrivateLinkServiceInfo(
    string? Alias,
    bool AutoApproval,
    IReadOnlyList<string> LoadBalancerFrontendIpConfigurationIds);
