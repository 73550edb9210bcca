namespace PrivateLink.Onboarding.Service;

/// <summary>One page of the onboarding list.</summary>
/// <param name="Items">The onboardings on this page that match the filter.</param>
/// <param name="ContinuationToken">Pass back to get the next page; null on the last page.</param>
public sealed record OnboardingPage(IReadOnlyList<OnboardingView> Items, string? ContinuationToken);
