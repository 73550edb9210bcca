using Azure.Core;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Arm;

/// <summary>The api-version pinned per resource type, so generic calls never read provider metadata first (an extra ARM read).</summary>
/// <remarks>Every version comes from the support matrix (<see cref="DestinationCatalog"/>), the one table the validator also reads.</remarks>
internal static class ArmApiVersions
{
    public const string Network = DestinationCatalog.NetworkApiVersion;

    public const string PrivateDns = DestinationCatalog.PrivateDnsApiVersion;

    public static readonly ResourceType PrivateEndpoints = new(DestinationCatalog.PrivateEndpointType);

    public static readonly ResourceType PrivateLinkServices = new(DestinationCatalog.PrivateLinkServiceType);

    /// <summary>Gets the pinned versions: private endpoints and every resource type of the support matrix.</summary>
    public static IReadOnlyDictionary<ResourceType, string> All { get; } = DestinationCatalog.ResourceTypes
        .Select(r => KeyValuePair.Create(new ResourceType(r.Type), r.ApiVersion))
        .Append(KeyValuePair.Create(PrivateEndpoints, Network))
        .Append(KeyValuePair.Create(new ResourceType(DestinationCatalog.PrivateDnsZoneType), PrivateDns))
        .ToDictionary();

    public static bool TryGet(ResourceType type, out string version)
    {
        // ResourceType compares case-insensitively, as ARM does.
        if (All.TryGetValue(type, out string? found))
        {
            version = found;
            return true;
        }

        version = string.Empty;
        return false;
    }
}
