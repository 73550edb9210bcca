namespace PrivateLink.Arm;

/// <summary>A private endpoint and the state of its connection to the target, as ARM reports it: the one endpoint record from the adapter to the status API.</summary>
/// <param name="ResourceId">The endpoint's ARM resource ID.</param>
/// <param name="Name">The endpoint's name.</param>
/// <param name="ProvisioningState">ARM's provisioning state (<c>Updating</c>, <c>Succeeded</c>, <c>Failed</c>, ...).</param>
/// <param name="ConnectionStatus">The status of the manual connection request (<c>privateLinkServiceConnectionState.status</c>).</param>
/// <param name="ConnectionDescription">The description that came with the status (the customer's words on approval or rejection).</param>
/// <param name="ActionsRequired">What ARM says is required next (<c>actionsRequired</c>; Storage spells it <c>actionRequired</c>).</param>
/// <param name="PrivateIpAddresses">
/// The endpoint's private IP addresses: from <c>customDnsConfigs</c> when the provider filled them, else (on a single-endpoint
/// read of an approved connection) from the endpoint's NIC; empty until known. A list page never reads NICs.
/// </param>
/// <param name="Fqdns">The FQDNs from <c>customDnsConfigs</c> (two for Cosmos DB: global and regional; none for a Private Link Service).</param>
/// <param name="DestinationId">The destination id from the endpoint's tag; null when untagged.</param>
/// <param name="NetworkInterfaceId">The endpoint's NIC (<c>properties.networkInterfaces[0].id</c>), when ARM lists one.</param>
public sealed record PrivateEndpointInfo(
    string ResourceId,
    string Name,
    string ProvisioningState,
    ConnectionStatus ConnectionStatus,
    string? ConnectionDescription,
    string? ActionsRequired,
    IReadOnlyList<string> PrivateIpAddresses,
    IReadOnlyList<string> Fqdns,
    string? DestinationId,
    string? NetworkInterfaceId = null);

/// <summary>The status of a private endpoint connection.</summary>
public enum ConnectionStatus
{
    /// <summary>Waiting for the customer to approve or reject.</summary>
    Pending,

    /// <summary>The customer approved; traffic can flow.</summary>
    Approved,

    /// <summary>The customer rejected the request.</summary>
    Rejected,

    /// <summary>The customer removed the connection after it was approved.</summary>
    Disconnected,
}
