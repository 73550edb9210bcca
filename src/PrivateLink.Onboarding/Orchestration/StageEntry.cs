namespace PrivateLink.Onboarding.Orchestration;

/// <summary>One step of an onboarding's timeline.</summary>
/// <param name="Stage">The stage entered.</param>
/// <param name="AtUtc">When it was entered (orchestration time).</param>
public sealed record StageEntry(OnboardingStage Stage, DateTime AtUtc);
