using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>The query side of the onboarding service: what the status API, the console and the approval watcher read.</summary>
/// <remarks>The one seam a different read model (a destination index, a projection) replaces; the commands never depend on it.</remarks>
public interface IOnboardingQueries
{
    /// <summary>Reads one onboarding.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The onboarding, or null when there is none.</returns>
    Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken);

    /// <summary>Lists onboardings, one page at a time, optionally only those in one stage.</summary>
    /// <param name="stage">Only this stage, or null for all.</param>
    /// <param name="continuationToken">The token of the previous page.</param>
    /// <param name="pageSize">How many onboardings to read for this page (1 to <see cref="OnboardingService.MaxPageSize"/>).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; with a stage filter it may hold fewer items than <paramref name="pageSize"/> while a continuation token remains.</returns>
    Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken);
}
