using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PrivateLink.TestKit;

/// <summary>A Durable client that counts the task-hub reads made through it: reads of one instance by id, and each page a query fetches.</summary>
public sealed class CountingDurableTaskClient(DurableTaskClient inner) : DurableTaskClient(inner.Name)
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

    public override ValueTask DisposeAsync() => default;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default) =>
        inner.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        inner.RaiseEventAsync(instanceId, eventName, eventPayload, cancellation);

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        Interlocked.Increment(ref _byId);
        return inner.GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);
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
            await foreach (Page<OrchestrationMetadata> page in inner.GetAllInstancesAsync(query).AsPages(query.ContinuationToken, query.PageSize).WithCancellation(cancellation))
            {
                return page;
            }

            return new Page<OrchestrationMetadata>([], null);
        });

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.TerminateInstanceAsync(instanceId, options, cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.SuspendInstanceAsync(instanceId, reason, cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        inner.ResumeInstanceAsync(instanceId, reason, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        inner.WaitForInstanceStartAsync(instanceId, getInputsAndOutputs, cancellation);

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        inner.PurgeInstanceAsync(instanceId, options, cancellation);
}
