using PrivateLink.Connectivity;

namespace PrivateLink.SupportMatrix;

/// <summary>What the support matrix says about one destination type.</summary>
/// <param name="Type">The destination type.</param>
/// <param name="Hosting">How it is reached.</param>
/// <param name="ResourceTypes">The ARM resource types a target of this type may have (<c>Namespace/type</c>).</param>
/// <param name="GroupIds">The Private Link subresources this type may use, the default first; empty for a Private Link Service.</param>
/// <param name="DefaultPort">The port probed when the request lists none.</param>
/// <param name="Protocol">How the port negotiates TLS.</param>
public sealed record DestinationProfile(
    DestinationType Type,
    DestinationHosting Hosting,
    IReadOnlyList<string> ResourceTypes,
    IReadOnlyList<string> GroupIds,
    int DefaultPort,
    ProbeProtocol Protocol)
{
    /// <summary>Gets a value indicating whether the target is a Private Link Service (no groupId).</summary>
    public bool TargetsPrivateLinkService => GroupIds.Count == 0;

    /// <summary>Gets the groupIds that each need their own endpoint (ADLS Gen2: <c>blob</c> and <c>dfs</c>); empty means one endpoint.</summary>
    public IReadOnlyList<string> EndpointGroupIds { get; init; } = [];

    /// <summary>Gets the groupIds whose clients speak another protocol on another port than the type's default (Cosmos DB for MongoDB).</summary>
    public IReadOnlyList<GroupIdProbe> GroupIdProbes { get; init; } = [];

    /// <summary>Gets the private DNS zone the service writes its own A records in for this Private Link Service type (Snowflake's); null when configured per deployment (VM-hosted) or for a PaaS type.</summary>
    public string? PrivateLinkServiceDnsZone { get; init; }

    /// <summary>Gets the resource types the matrix names but refuses, with the reason (retired services).</summary>
    public IReadOnlyDictionary<string, string> RefusedResourceTypes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the groupIds to create endpoints for, in order: <paramref name="first"/> (or the default) and the others the type needs.</summary>
    /// <param name="first">The requested or discovered groupId; null for the default.</param>
    /// <returns>At least one groupId; empty for a Private Link Service.</returns>
    public IReadOnlyList<string> EndpointGroupIdsFor(string? first)
    {
        if (TargetsPrivateLinkService)
        {
            return [];
        }

        string primary = first is null ? GroupIds[0] : DestinationCatalog.CanonicalGroupId(this, first) ?? first;
        if (!EndpointGroupIds.Contains(primary, StringComparer.OrdinalIgnoreCase))
        {
            return [primary];
        }

        return [primary, .. EndpointGroupIds.Where(g => !string.Equals(g, primary, StringComparison.OrdinalIgnoreCase))];
    }

    /// <summary>Gets the probe protocol of a groupId.</summary>
    /// <param name="groupId">The groupId; null for the type's default.</param>
    /// <returns>The protocol.</returns>
    public ProbeProtocol ProtocolFor(string? groupId) =>
        GroupIdProbes.FirstOrDefault(p => string.Equals(p.GroupId, groupId, StringComparison.OrdinalIgnoreCase))?.Protocol ?? Protocol;

    /// <summary>Gets the default port of a groupId.</summary>
    /// <param name="groupId">The groupId; null for the type's default.</param>
    /// <returns>The port.</returns>
    public int DefaultPortFor(string? groupId) =>
        GroupIdProbes.FirstOrDefault(p => string.Equals(p.GroupId, groupId, StringComparison.OrdinalIgnoreCase))?.DefaultPort ?? DefaultPort;
}

/// <summary>A groupId whose clients use another protocol and port than its destination type's default.</summary>
/// <param name="GroupId">The groupId.</param>
/// <param name="Protocol">The probe protocol.</param>
/// <param name="DefaultPort">The port probed when the request lists none.</param>
public sealed record GroupIdProbe(string GroupId, ProbeProtocol Protocol, int DefaultPort);
