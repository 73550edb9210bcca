namespace PrivateLink.ArmEmulator;

/// <summary>A private endpoint the emulator holds, with the state of its one connection.</summary>
internal sealed class EmulatedPrivateEndpoint
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string Location { get; init; }

    public required Dictionary<string, string> Tags { get; set; }

    public required string SubnetId { get; init; }

    public required string ConnectionName { get; init; }

    /// <summary>Gets the <c>privateLinkServiceId</c> as the PUT sent it (a resource ID or a Private Link Service alias).</summary>
    public required string PrivateLinkServiceId { get; init; }

    /// <summary>Gets the resource ID of the target the connection resolves to.</summary>
    public required string TargetId { get; init; }

    public required ProviderKind Provider { get; init; }

    public required IReadOnlyList<string> GroupIds { get; init; }

    public required string RequestMessage { get; set; }

    /// <summary>Gets the name of the connection as the target lists it under <c>privateEndpointConnections</c>.</summary>
    public required string TargetConnectionName { get; init; }

    public required string ResourceGuid { get; init; }

    public required string NicGuid { get; init; }

    /// <summary>Gets the private IP addresses, one per FQDN (at least one).</summary>
    public required IReadOnlyList<string> PrivateIpAddresses { get; init; }

    public string PrivateIpAddress => PrivateIpAddresses[0];

    public required IReadOnlyList<string> Fqdns { get; init; }

    public bool Manual { get; init; } = true;

    public bool IsPrivateLinkService => Provider == ProviderKind.PrivateLinkService;

    public string ProvisioningState { get; set; } = "Updating";

    public string ConnectionStatus { get; set; } = "Pending";

    public string? ConnectionDescription { get; set; } = "Awaiting Approval";

    /// <summary>Gets or sets the provider-side provisioning state of the connection (PostgreSQL: <c>Approving</c> then <c>Ready</c>).</summary>
    public string? ProviderState { get; set; }

    /// <summary>Gets or sets when a PostgreSQL <c>Approving</c> state turns <c>Ready</c>.</summary>
    public DateTimeOffset ProviderReadyAt { get; set; }

    /// <summary>Gets or sets when the provider fills <c>customDnsConfigs</c>; null while it does not (Pending, Private Link Service).</summary>
    public DateTimeOffset? DnsConfigsFrom { get; set; }

    /// <summary>Gets or sets a decision the customer made that is not visible yet (eventual consistency).</summary>
    public (string Status, string? Description, DateTimeOffset VisibleAt)? PendingDecision { get; set; }

    /// <summary>Gets or sets until when writes answer 409 <c>AnotherOperationInProgress</c> (Azure Policy's DNS zone group).</summary>
    public DateTimeOffset? ConflictUntil { get; set; }

    /// <summary>Gets or sets the id of the operation running on the endpoint, if any.</summary>
    public string? RunningOperationId { get; set; }

    /// <summary>Gets or sets how many more GETs of the endpoint answer before its connection flips to Disconnected.</summary>
    public int? DisconnectAfterReads { get; set; }

    /// <summary>Gets the connection status the latest decision leads to (visible or not).</summary>
    public string LatestStatus => PendingDecision?.Status ?? ConnectionStatus;

    public string NicId => $"{Id[..Id.IndexOf("/providers/", StringComparison.OrdinalIgnoreCase)]}/providers/Microsoft.Network/networkInterfaces/{Name}.nic.{NicGuid}";
}
