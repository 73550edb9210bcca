using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>The input of a re-check or an offboarding: the destination's request and where it stood.</summary>
/// <param name="Request">The destination's validated onboarding request.</param>
/// <param name="Previous">The status the destination had, so the timeline continues.</param>
/// <param name="Actor">Who asked for the re-check or the offboarding.</param>
public sealed record RecheckInput(OnboardDestinationInput Request, OnboardingStatus? Previous, Actor? Actor = null);
