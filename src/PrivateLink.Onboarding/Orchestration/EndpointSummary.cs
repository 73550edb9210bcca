using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The private endpoint of a destination, as last read from ARM.</summary>
/// <param name="Name">The endpoint name.</param>
/// <param name="ResourceId">The endpoint's ARM resource ID.</param>
/// <param name="ProvisioningState">ARM's provisioning state.</param>
/// <param name="ConnectionStatus">The connection status.</param>
/// <param name="ConnectionDescription">The description that came with the status.</param>
/// <param name="PrivateIpAddresses">The endpoint's private IP addresses.</param>
/// <param name="Fqdns">The FQDNs ARM reports for the endpoint.</param>
public sealed record EndpointSummary(
    string Name,
    string ResourceId,
    string ProvisioningState,
    ConnectionStatus ConnectionStatus,
    string? ConnectionDescription,
    IReadOnlyList<string> PrivateIpAddresses,
    IReadOnlyList<string> Fqdns)
{
    /// <summary>Summarizes what the ARM adapter returned.</summary>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>The summary.</returns>
    public static EndpointSummary From(PrivateEndpointInfo endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return new EndpointSummary(
            endpoint.Name,
            endpoint.ResourceId,
            endpoint.ProvisioningState,
            endpoint.Connection.Status,
            endpoint.Connection.Description,
            endpoint.PrivateIpAddresses,
            endpoint.Fqdns);
    }
}
