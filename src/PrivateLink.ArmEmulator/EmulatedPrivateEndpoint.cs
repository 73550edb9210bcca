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

    public required string PrivateLinkServiceId { get; init; }

    public required IReadOnlyList<string> GroupIds { get; init; }

    public required string RequestMessage { get; set; }

    /// <summary>Gets the name of the connection as the target lists it under <c>privateEndpointConnections</c>.</summary>
    public required string TargetConnectionName { get; init; }

    public required string ResourceGuid { get; init; }

    public required string PrivateIpAddress { get; init; }

    public required IReadOnlyList<string> Fqdns { get; init; }

    public bool Manual { get; init; } = true;

    public string ProvisioningState { get; set; } = "Updating";

    public string ConnectionStatus { get; set; } = "Pending";

    public string ConnectionDescription { get; set; } = "Awaiting approval";

    /// <summary>Gets or sets how many more GETs of the endpoint answer before its connection flips to Disconnected.</summary>
    public int? DisconnectAfterReads { get; set; }
}
