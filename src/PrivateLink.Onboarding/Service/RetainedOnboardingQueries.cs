using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>
/// The queries over the task hub and, behind it, the records of destinations whose finished history retention purged: a purged
/// destination still answers GET and is still listed.
/// </summary>
/// <remarks>
/// <see cref="GetAsync"/> answers from the live instance, else from the record. <see cref="ListAsync"/> lists the task hub first, then the
/// records; its continuation token says which phase it is in (<c>t.</c> and the task hub's token, <c>r.</c> and the record store's), and
/// a token of neither form is refused as the task hub refuses a forged one. A destination submitted again after its purge has a live
/// instance and a record: the record phase skips a record whose destination has an instance (one read without inputs per record on
/// the page), so it is listed once, from its live instance, without the commands having to know about records; the retention pass
/// removes such shadowed records, and a later purge of the new run replaces the record.
/// </remarks>
/// <param name="inner">The task hub's queries.</param>
/// <param name="records">The records of purged destinations.</param>
/// <param name="client">The task hub client (to tell whether a record is shadowed by a live instance).</param>
public sealed class RetainedOnboardingQueries(IOnboardingQueries inner, IDestinationRecordStore records, DurableTaskClient client) : IOnboardingQueries
{
    /// <summary>The token prefix of a page in the task hub phase.</summary>
    public const string TaskHubPhase = "t.";

    /// <summary>The token prefix of a page in the record phase.</summary>
    public const string RecordPhase = "r.";

    /// <inheritdoc/>
    public async Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken) =>
        await inner.GetAsync(destinationId, cancellationToken) ?? await records.GetAsync(destinationId, cancellationToken);

    /// <inheritdoc/>
    public async Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, OnboardingService.MaxPageSize);
        if (continuationToken is null || continuationToken.StartsWith(TaskHubPhase, StringComparison.Ordinal))
        {
            string? hubToken = continuationToken is null ? null : continuationToken[TaskHubPhase.Length..];
            if (hubToken is { Length: 0 })
            {
                throw new FormatException("The continuation token names the task hub phase without a token.");
            }

            OnboardingPage hub = await inner.ListAsync(stage, hubToken, pageSize, cancellationToken);
            if (hub.ContinuationToken is { } next)
            {
                return hub with { ContinuationToken = TaskHubPhase + next };
            }

            // The task hub's last page: the records fill what room it left, so a hub without records ends the list as before.
            if (hub.Items.Count >= pageSize)
            {
                return new OnboardingPage(hub.Items, RecordPhase);
            }

            OnboardingPage first = await ListRecordsAsync(stage, null, pageSize - hub.Items.Count, cancellationToken);
            return new OnboardingPage([.. hub.Items, .. first.Items], first.ContinuationToken);
        }

        if (!continuationToken.StartsWith(RecordPhase, StringComparison.Ordinal))
        {
            throw new FormatException("Not a continuation token of the onboarding list.");
        }

        string? recordToken = continuationToken.Length == RecordPhase.Length ? null : continuationToken[RecordPhase.Length..];
        return await ListRecordsAsync(stage, recordToken, pageSize, cancellationToken);
    }

    private async Task<OnboardingPage> ListRecordsAsync(OnboardingStage? stage, string? recordToken, int pageSize, CancellationToken cancellationToken)
    {
        OnboardingPage page = await records.ListAsync(stage, recordToken, pageSize, cancellationToken);
        List<OnboardingView> items = new(page.Items.Count);
        foreach (OnboardingView record in page.Items)
        {
            // Shadowed: the destination was submitted again; its live instance was listed in the task hub phase.
            if (await client.GetInstanceAsync(OnboardDestinationInput.InstanceIdFor(record.DestinationId), getInputsAndOutputs: false, cancellationToken) is null)
            {
                items.Add(record);
            }
        }

        return new OnboardingPage(items, page.ContinuationToken is { } more ? RecordPhase + more : null);
    }
}
