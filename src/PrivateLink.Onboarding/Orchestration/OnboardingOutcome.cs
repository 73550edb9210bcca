namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The output of a finished onboarding (or re-check, or offboarding).</summary>
/// <param name="Stage">The terminal stage.</param>
/// <param name="Detail">Why it ended there.</param>
public sealed record OnboardingOutcome(OnboardingStage Stage, string? Detail);
