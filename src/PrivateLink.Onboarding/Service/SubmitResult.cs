namespace PrivateLink.Onboarding.Service;

/// <summary>The result of a submission.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="View">The onboarding as it stands (null right after a start that is not visible yet).</param>
/// <param name="Reason">Why a conflict was reported.</param>
public sealed record SubmitResult(SubmitOutcome Outcome, OnboardingView? View, string? Reason);
