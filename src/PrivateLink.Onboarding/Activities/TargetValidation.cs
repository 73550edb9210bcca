namespace PrivateLink.Onboarding.Activities;

/// <summary>What ARM says about the target: usable or not, and which groupId to use.</summary>
/// <param name="IsValid">True when the target exists and offers what the destination needs.</param>
/// <param name="GroupId">The groupId to request (discovered when the request named none); null for a Private Link Service.</param>
/// <param name="Location">The target's region.</param>
/// <param name="Reason">Why the target is not usable.</param>
public sealed record TargetValidation(bool IsValid, string? GroupId, string? Location, string? Reason)
{
    /// <summary>Creates a failed validation.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static TargetValidation Invalid(string reason) => new(false, null, null, reason);
}
