namespace PrivateLink.ArmEmulator;

/// <summary>A customer resource (or Private Link Service) seeded into the emulator.</summary>
internal sealed class EmulatedTarget
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public required string ResourceType { get; init; }

    public required string Location { get; init; }

    /// <summary>Gets the groupIds of <c>privateLinkResources</c>; null when the provider does not expose the list.</summary>
    public IReadOnlyList<string>? GroupIds { get; init; }

    public bool IsPrivateLinkService => string.Equals(ResourceType, TargetCatalog.PrivateLinkServiceType, StringComparison.OrdinalIgnoreCase);

    public string? Alias { get; init; }

    /// <summary>Gets a value indicating whether <c>checkPrivateLinkServiceVisibility</c> answers visible for the alias.</summary>
    public bool AliasVisible { get; init; } = true;

    public IReadOnlyList<string> AutoApprovalSubscriptions { get; init; } = [];

    public IReadOnlyList<string> FrontendIpConfigurationIds { get; init; } = [];

    public IReadOnlyList<string> Fqdns { get; init; } = [];

    public TargetAccess Access { get; init; } = TargetAccess.OtherTenant;

    public string? Kind { get; init; }

    public string? SkuName { get; init; }

    public string? SkuTier { get; init; }

    public IReadOnlyList<string> Capabilities { get; init; } = [];

    public ProviderKind Provider => TargetCatalog.ProviderOf(ResourceType);
}
