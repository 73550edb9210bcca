using System.Text.RegularExpressions;

namespace PrivateLink.Arm;

/// <summary>What reading the target told the service.</summary>
public enum TargetReadability
{
    /// <summary>The target was read; <see cref="TargetPreflight.Target"/> holds it.</summary>
    Readable,

    /// <summary>
    /// ARM refused the read (401 <c>InvalidAuthenticationTokenTenant</c>: the target is in another Entra tenant; 403
    /// <c>AuthorizationFailed</c>: no role on it), or a Private Link Service alias is not visible to this subscription (yet).
    /// Not a failure: a manual connection request needs no right on the target, so the endpoint PUT is the validation.
    /// </summary>
    Unreadable,

    /// <summary>The target, or its resource group, does not exist (404 <c>ResourceNotFound</c> / <c>ResourceGroupNotFound</c>).</summary>
    NotFound,
}

/// <summary>The result of the best-effort target preflight: never a gate by itself.</summary>
/// <param name="Readability">Readable, unreadable or not found.</param>
/// <param name="Target">The target when readable; null otherwise.</param>
/// <param name="ErrorCode">ARM's code when unreadable or not found (e.g. <c>InvalidAuthenticationTokenTenant</c>, <c>ResourceGroupNotFound</c>).</param>
/// <param name="Message">ARM's message (or the adapter's, for an alias) when unreadable or not found.</param>
public sealed record TargetPreflight(TargetReadability Readability, TargetResourceInfo? Target, string? ErrorCode, string? Message);

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

/// <summary>What ARM reports of a Private Link Service in front of a VM-hosted destination.</summary>
/// <param name="Alias">The service's alias.</param>
/// <param name="AutoApproval">True when this service's subscription is in the service's auto-approval list.</param>
/// <param name="LoadBalancerFrontendIpConfigurationIds">The load balancer frontends the service fronts.</param>
public sealed record PrivateLinkServiceInfo(
    string? Alias,
    bool AutoApproval,
    IReadOnlyList<string> LoadBalancerFrontendIpConfigurationIds);

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

/// <summary>Private Link Service aliases (<c>{prefix}.{guid}.{region}.azure.privatelinkservice</c>, e.g. Snowflake's), accepted wherever a PLS resource ID is.</summary>
public static partial class PrivateLinkServiceAlias
{
    /// <summary>Tells whether <paramref name="value"/> is a Private Link Service alias rather than an ARM resource ID.</summary>
    /// <param name="value">A resource ID or an alias.</param>
    /// <returns>True for an alias.</returns>
    public static bool IsAlias(string? value) => value is not null && AliasPattern().IsMatch(value);

    /// <summary>Gets the region an alias names (its third label from the end), e.g. <c>westeurope</c>.</summary>
    /// <param name="alias">An alias.</param>
    /// <returns>The region, or null when <paramref name="alias"/> is not an alias.</returns>
    public static string? Region(string alias)
    {
        Match match = AliasPattern().Match(alias ?? string.Empty);
        return match.Success ? match.Groups["region"].Value : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,79}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.(?<region>[A-Za-z0-9]+)\.azure\.privatelinkservice$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AliasPattern();
}
