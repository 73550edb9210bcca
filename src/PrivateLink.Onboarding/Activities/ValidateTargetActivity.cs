using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Checks the target against ARM: it exists, has the expected type, and offers the groupId the destination needs.</summary>
public sealed class ValidateTargetActivity(IPrivateEndpointClient arm, ILogger<ValidateTargetActivity> logger)
    : TaskActivity<OnboardDestinationInput, TargetValidation>
{
    /// <inheritdoc/>
    public override async Task<TargetValidation> RunAsync(TaskActivityContext context, OnboardDestinationInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        DestinationProfile profile = DestinationCatalog.Get(input.DestinationType);

        TargetResourceInfo? target = await arm.GetTargetAsync(input.TargetResourceId, CancellationToken.None);
        TargetValidation result = Decide(profile, input, target);
        Log.TargetValidated(logger, context.InstanceId, input.DestinationId, result.IsValid, result.GroupId, result.Reason);
        return result;
    }

    /// <summary>Decides from ARM's answer whether the target is usable.</summary>
    /// <param name="profile">The destination type's profile.</param>
    /// <param name="input">The request.</param>
    /// <param name="target">What ARM returned; null when the target does not exist.</param>
    /// <returns>The validation result.</returns>
    internal static TargetValidation Decide(DestinationProfile profile, OnboardDestinationInput input, TargetResourceInfo? target)
    {
        if (target is null)
        {
            return TargetValidation.Invalid($"The target resource {input.TargetResourceId} does not exist (or this service's identity cannot read it).");
        }

        if (!profile.ResourceTypes.Contains(target.ResourceType, StringComparer.OrdinalIgnoreCase))
        {
            return TargetValidation.Invalid($"The target is a {target.ResourceType}; a {profile.Type} destination needs {string.Join(" or ", profile.ResourceTypes)}.");
        }

        if (profile.TargetsPrivateLinkService)
        {
            return new TargetValidation(true, null, target.Location, null);
        }

        // The provider's own list decides; the static matrix is the fallback when it does not expose one.
        IReadOnlyList<string> offered = target.GroupIds ?? profile.GroupIds;
        if (input.GroupId is not null)
        {
            string? match = offered.FirstOrDefault(g => string.Equals(g, input.GroupId, StringComparison.OrdinalIgnoreCase));
            return match is null
                ? TargetValidation.Invalid($"The target does not offer the Private Link subresource '{input.GroupId}'; it offers: {string.Join(", ", offered)}.")
                : new TargetValidation(true, match, target.Location, null);
        }

        string? discovered = profile.GroupIds.FirstOrDefault(g => offered.Contains(g, StringComparer.OrdinalIgnoreCase));
        return discovered is null
            ? TargetValidation.Invalid($"The target offers none of the subresources a {profile.Type} destination uses ({string.Join(", ", profile.GroupIds)}); it offers: {string.Join(", ", offered)}.")
            : new TargetValidation(true, discovered, target.Location, null);
    }
}
