using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>Keeps the last view of each destination whose finished workflow history was purged from the task hub.</summary>
/// <remarks>One record per destination id; a later purge of the same destination replaces it.</remarks>
public interface IDestinationRecordStore
{
    /// <summary>Writes (or replaces) a destination's record.</summary>
    /// <param name="view">The destination's last view, as the status API showed it.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is stored.</returns>
    Task SaveAsync(OnboardingView view, CancellationToken cancellationToken);

    /// <summary>Reads a destination's record.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or null when there is none.</returns>
    Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken);

    /// <summary>Lists records in destination id order, one page at a time.</summary>
    /// <param name="stage">Only records in this stage, or null for all.</param>
    /// <param name="continuationToken">The token of the previous page of this store, or null for the first.</param>
    /// <param name="pageSize">The most records to return.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page; its token is null on the last page.</returns>
    /// <exception cref="FormatException">The token is not one this store issued.</exception>
    Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken);

    /// <summary>Removes a destination's record, if there is one.</summary>
    /// <param name="destinationId">The destination id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is gone.</returns>
    Task RemoveAsync(string destinationId, CancellationToken cancellationToken);
}
