using Microsoft.DurableTask.Client;

namespace PrivateLink.Functions.Watcher;

/// <summary>One pass of the approval watcher: reads pending endpoints from ARM and raises the approval event on the onboardings whose connection changed.</summary>
/// <remarks>TODO(#6): replace with the shared <c>ApprovalWatcher</c> from the workflow library once it lands; this seam keeps the timer trigger thin.</remarks>
public interface IApprovalWatcher
{
    /// <summary>Runs one pass.</summary>
    /// <param name="client">The Durable Task client used to raise events.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>A task that completes when the pass is done.</returns>
    Task RunOnceAsync(DurableTaskClient client, CancellationToken cancellationToken);
}
