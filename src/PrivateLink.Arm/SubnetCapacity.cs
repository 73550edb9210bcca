namespace PrivateLink.Arm;

/// <summary>How many addresses the endpoint subnet has left, from a GET of the subnet.</summary>
/// <param name="SubnetId">The subnet's resource ID.</param>
/// <param name="AddressPrefixes">Its address prefixes (<c>addressPrefix</c> or <c>addressPrefixes</c>).</param>
/// <param name="UsableAddresses">Addresses a NIC may take: each IPv4 prefix's size less the 5 Azure reserves (network, gateway, 2 DNS, broadcast); null when it has no IPv4 prefix.</param>
/// <param name="UsedAddresses">IP configurations in the subnet (<c>ipConfigurations</c>: every NIC's, each private endpoint's included).</param>
/// <param name="PrivateEndpointIds">The resource IDs of the private endpoints in the subnet (<c>privateEndpoints</c>).</param>
public sealed record SubnetCapacity(
    string SubnetId,
    IReadOnlyList<string> AddressPrefixes,
    int? UsableAddresses,
    int UsedAddresses,
    IReadOnlyList<string> PrivateEndpointIds)
{
    /// <summary>The addresses Azure reserves in every subnet.</summary>
    public const int AzureReservedPerPrefix = 5;

    /// <summary>Gets the free addresses, or null when the subnet has no IPv4 prefix.</summary>
    public int? FreeAddresses => UsableAddresses is int usable ? Math.Max(0, usable - UsedAddresses) : null;
}
