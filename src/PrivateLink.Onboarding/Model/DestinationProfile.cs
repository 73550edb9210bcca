using PrivateLink.Connectivity;

namespace PrivateLink.Onboarding.Model;

/// <summary>What the support matrix says about one destination type.</summary>
/// <param name="Type">The destination type.</param>
/// <param name="Hosting">How it is reached.</param>
/// <param name="ResourceTypes">The ARM resource types a target of this type may have (<c>Namespace/type</c>).</param>
/// <param name="GroupIds">The Private Link subresources this type may use; empty for a Private Link Service.</param>
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
}
