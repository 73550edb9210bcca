namespace PrivateLink.Onboarding.Activities;

/// <summary>What ARM says about the target: usable or not, and which groupId to use.</summary>
/// <param name="IsValid">True when the target exists and offers what the destination needs.</param>
/// <param name="GroupId">The groupId to request (discovered when the request named none); null for a Private Link Service.</param>
/// <param name="Location">The target's region.</param>
/// <param name="Reason">Why the target is not usable.</param>
/// <param name="Preflight">What the best-effort read of the target found; null from a run before preflight reports existed.</param>
/// <param name="GroupIds">Every groupId to create an endpoint for, <paramref name="GroupId"/> first (ADLS Gen2: blob and dfs); null means just <paramref name="GroupId"/>.</param>
public sealed record TargetValidation(
    bool IsValid,
    string? GroupId,
    string? Location,
    string? Reason,
    PreflightReport? Preflight = null,
    IReadOnlyList<string>? GroupIds = null)
{
    /// <summary>Creates a failed validation.</summary>
    /// <param name="reason">Why.</param>
    /// <returns>The result.</returns>
    public static TargetValidation Invalid(string reason) => new(false, null, null, reason);

    /// <summary>Creates a failed validation with the preflight that decided it.</summary>
    /// <param name="reason">Why.</param>
    /// <param name="preflight">What the read found.</param>
    /// <returns>The result.</returns>
    public static TargetValidation Invalid(string reason, PreflightReport preflight) => new(false, null, preflight.Location, reason, preflight);
}
