namespace PrivateLink.Arm;

/// <summary>The tags the adapter writes on every private endpoint it creates.</summary>
public static class ArmTags
{
    /// <summary>The tag whose value is <see cref="ArmOptions.OwnerTag"/>: marks endpoints this deployment owns.</summary>
    public const string Owner = "privatelink-onboarding-owner";

    /// <summary>The tag whose value is the destination id the endpoint serves.</summary>
    public const string Destination = "privatelink-onboarding-destination";
}
