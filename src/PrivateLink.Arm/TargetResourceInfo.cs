namespace PrivateLink.Arm;

/// <summary>The customer's resource (or Private Link Service) as ARM reports it.</summary>
/// <param name="ResourceId">The ARM resource ID (a Private Link Service alias read by visibility check keeps the alias).</param>
/// <param name="ResourceType">The resource type, e.g. <c>Microsoft.Sql/servers</c>.</param>
/// <param name="Location">The Azure region.</param>
/// <param name="GroupIds">The Private Link subresources the target offers, from its <c>privateLinkResources</c>; null when the provider does not expose the list or refused to.</param>
/// <param name="PrivateLinkService">Details of a Private Link Service target; null for other resource types.</param>
/// <param name="Kind">The resource's <c>kind</c> (Cosmos DB: <c>GlobalDocumentDB</c>, <c>MongoDB</c>, …; Storage: <c>StorageV2</c>, …), when ARM sent one.</param>
/// <param name="SkuName">The resource's <c>sku.name</c> (Service Bus: <c>Premium</c>, <c>Standard</c>, …), when ARM sent one.</param>
/// <param name="SkuTier">The resource's <c>sku.tier</c>, when ARM sent one.</param>
/// <param name="Capabilities">Cosmos DB <c>properties.capabilities[].name</c> (e.g. <c>EnableMongo</c>, <c>EnableCassandra</c>), empty otherwise.</param>
public sealed record TargetResourceInfo(
    string ResourceId,
    string ResourceType,
    string Location,
    IReadOnlyList<string>? GroupIds,
    PrivateLinkServiceInfo? PrivateLinkService,
    string? Kind = null,
    string? SkuName = null,
    string? SkuTier = null,
    IReadOnlyList<string>? Capabilities = null);
