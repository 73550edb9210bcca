namespace PrivateLink.ArmEmulator;

/// <summary>A private endpoint's <c>privateDnsZoneGroups/{name}</c> child: the zones Azure keeps the endpoint's A records in.</summary>
internal sealed class EmulatedZoneGroup
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string EndpointId { get; init; }

    /// <summary>Gets the zone resource ids, in the order of <c>privateDnsZoneConfigs</c>.</summary>
    public required IReadOnlyList<string> ZoneIds { get; init; }

    public string ProvisioningState { get; set; } = "Updating";

    /// <summary>Gets the records Azure wrote for the group: zone id → (record set name, FQDN, addresses).</summary>
    public List<(string ZoneId, string RecordSetName, string Fqdn, IReadOnlyList<string> IpAddresses)> Records { get; } = [];
}
