using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>One step of an onboarding's timeline.</summary>
/// <param name="Stage">The stage entered.</param>
/// <param name="AtUtc">When it was entered (orchestration time).</param>
/// <param name="Actor">Who caused it (the caller of a command, an intake or the service's own watcher), when someone did.</param>
public sealed record StageEntry(OnboardingStage Stage, DateTime AtUtc, Actor? Actor = null);
