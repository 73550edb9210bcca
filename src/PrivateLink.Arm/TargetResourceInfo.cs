namespace PrivateLink.Arm;

/// <summary>The customer's resource (or Private Link Service) as ARM reports it.</summary>
/// <param name="ResourceId">The ARM resource ID.</param>
/// <param name="ResourceType">The resource type, e.g. <c>Microsoft.Sql/servers</c>.</param>
/// <param name="Location">The Azure region.</param>
/// <param name="GroupIds">The Private Link subresources the target offers, from its <c>privateLinkResources</c>; null when the provider does not expose the list.</param>
/// <param name="PrivateLinkService">Details of a Private Link Service target; null for other resource types.</param>
public sealed record TargetResourceInfo(
    string ResourceId,
    string ResourceType,
    string Location,
    IReadOnlyList<string>? GroupIds,
    PrivateLinkServiceInfo? PrivateLinkService);
