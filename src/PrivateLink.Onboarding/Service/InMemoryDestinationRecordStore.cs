using System.Buffers.Text;
using System.Text;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Service;

/// <summary>Destination records in memory: for the in-memory engine, whose task hub does not outlive the process either.</summary>
/// <remarks>Pages are in ordinal destination id order; the continuation token is the last id of the page, base64url-encoded.</remarks>
public sealed class InMemoryDestinationRecordStore : IDestinationRecordStore
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<string, OnboardingView> _records = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public Task SaveAsync(OnboardingView view, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        lock (_gate)
        {
            _records[view.DestinationId] = view;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc/>
    public Task<OnboardingView?> GetAsync(string destinationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_records.GetValueOrDefault(destinationId));
        }
    }

    /// <inheritdoc/>
    public Task<OnboardingPage> ListAsync(OnboardingStage? stage, string? continuationToken, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        string? after = continuationToken is null ? null : Encoding.UTF8.GetString(Base64Url.DecodeFromChars(continuationToken));
        lock (_gate)
        {
            List<OnboardingView> items = _records
                .Where(r => after is null || string.CompareOrdinal(r.Key, after) > 0)
                .Select(r => r.Value)
                .Where(v => stage is null || v.Stage == stage)
                .Take(pageSize + 1)
                .ToList();
            if (items.Count <= pageSize)
            {
                return Task.FromResult(new OnboardingPage(items, null));
            }

            items.RemoveAt(pageSize);
            return Task.FromResult(new OnboardingPage(items, Base64Url.EncodeToString(Encoding.UTF8.GetBytes(items[^1].DestinationId))));
        }
    }

    /// <inheritdoc/>
    public Task RemoveAsync(string destinationId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _records.Remove(destinationId);
        }

        return Task.CompletedTask;
    }
}
