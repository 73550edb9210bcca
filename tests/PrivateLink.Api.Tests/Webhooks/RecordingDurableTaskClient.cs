using System.Collections.Concurrent;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using PrivateLink.Onboarding;

namespace PrivateLink.Api.Tests.Webhooks;

/// <summary>A DurableTaskClient that keeps instances in a dictionary and records starts and raised events.</summary>
internal sealed class RecordingDurableTaskClient() : DurableTaskClient("recording")
{
    private readonly ConcurrentDictionary<string, OrchestrationMetadata> _instances = new(StringComparer.Ordinal);

    public ConcurrentQueue<(string Name, string InstanceId, object? Input)> Scheduled { get; } = new();

    public ConcurrentQueue<(string InstanceId, string EventName, object? Payload)> RaisedEvents { get; } = new();

    /// <summary>Gets or sets the exception the next calls to <see cref="ScheduleNewOrchestrationInstanceAsync"/> throw (a transient engine failure).</summary>
    public Exception? ScheduleFailure { get; set; }

    /// <summary>Gets or sets the exception the next calls to <see cref="GetInstancesAsync(string, bool, CancellationToken)"/> throw.</summary>
    public Exception? ReadFailure { get; set; }

    public void SetRuntimeStatus(string instanceId, OrchestrationRuntimeStatus status)
    {
        OrchestrationMetadata existing = _instances[instanceId];
        _instances[instanceId] = new OrchestrationMetadata(existing.Name, instanceId)
        {
            DataConverter = existing.DataConverter,
            RuntimeStatus = status,
            SerializedInput = existing.SerializedInput,
            CreatedAt = existing.CreatedAt,
            LastUpdatedAt = existing.LastUpdatedAt,
        };
    }

    public override ValueTask DisposeAsync() => default;

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        if (ScheduleFailure is { } failure)
        {
            throw failure;
        }

        string instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        var metadata = new OrchestrationMetadata(orchestratorName.Name, instanceId)
        {
            DataConverter = OnboardingDataConverter.Instance,
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            SerializedInput = OnboardingDataConverter.Instance.Serialize(input),
            CreatedAt = DateTimeOffset.UnixEpoch,
            LastUpdatedAt = DateTimeOffset.UnixEpoch,
        };
        if (_instances.TryGetValue(instanceId, out OrchestrationMetadata? existing)
            && options?.DedupeStatuses is { } dedupe && dedupe.Contains(existing.RuntimeStatus.ToString()))
        {
            throw new InvalidOperationException($"Instance {instanceId} exists with status {existing.RuntimeStatus}.");
        }

        _instances[instanceId] = metadata;
        Scheduled.Enqueue((orchestratorName.Name, instanceId, input));
        return Task.FromResult(instanceId);
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        RaisedEvents.Enqueue((instanceId, eventName, eventPayload));
        return Task.CompletedTask;
    }

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        if (ReadFailure is { } failure)
        {
            throw failure;
        }

        return Task.FromResult(_instances.TryGetValue(instanceId, out OrchestrationMetadata? metadata) ? metadata : null);
    }

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create((string? _, int? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>(_instances.Values.ToList(), null)));

    public override Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default) =>
        throw new NotSupportedException();
}
