using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PrivateLink.TestKit;

/// <summary>A Durable client that counts the task-hub reads made through it: reads of one instance by id, and each page a query fetches.</summary>
public sealed class CountingDurableTaskClient(DurableTaskClient inner) : ForwardingDurableTaskClient(inner)
{
    private readonly ConcurrentQueue<OrchestrationQuery> _queries = new();
    private int _byId;

    /// <summary>Gets how many instances were read by id.</summary>
    public int ByIdReads => Volatile.Read(ref _byId);

    /// <summary>Gets each page a query fetched from the backend, as the query that fetched it (its token and page size set).</summary>
    public IReadOnlyList<OrchestrationQuery> Queries => [.. _queries];

    /// <summary>Forgets the reads counted so far.</summary>
    public void Reset()
    {
        _queries.Clear();
        Interlocked.Exchange(ref _byId, 0);
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _byId);
        return base.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create(async (string? continuation, int? pageSize, CancellationToken cancellation) =>
        {
            OrchestrationQuery query = (filter ?? new OrchestrationQuery()) with
            {
                ContinuationToken = continuation ?? filter?.ContinuationToken,
                PageSize = pageSize ?? filter?.PageSize ?? OrchestrationQuery.DefaultPageSize,
            };
            _queries.Enqueue(query);
            await foreach (Page<OrchestrationMetadata> page in Inner.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellation))
            {
                return page;
            }

            return new Page<OrchestrationMetadata>([], null);
        });
}
