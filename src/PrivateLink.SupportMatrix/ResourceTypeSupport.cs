namespace PrivateLink.SupportMatrix;

/// <summary>One ARM resource type of the support matrix: the api-version the adapter pins and the Private Link subresources its provider offers.</summary>
/// <param name="Type">The resource type (<c>Namespace/type</c>).</param>
/// <param name="ApiVersion">The provider's stable api-version the adapter reads the resource with.</param>
/// <param name="Subresources">Every groupId the provider lists under <c>privateLinkResources</c> (spelled as the provider spells them), each with its private DNS zone.</param>
public sealed record ResourceTypeSupport(string Type, string ApiVersion, IReadOnlyList<PrivateLinkSubresource> Subresources)
{
    /// <summary>Gets why the product refuses this type (a retired service), or null when a destination type accepts it.</summary>
    public string? RefusedBecause { get; init; }
}
