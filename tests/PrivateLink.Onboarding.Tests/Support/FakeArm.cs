using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Tests.Support;

/// <summary>An in-memory ARM behind the workflow's ARM seam: targets, endpoints with connection state, call counts and injectable failures.</summary>
internal sealed class FakeArm : IPrivateEndpointClient
{
    private readonly ConcurrentDictionary<string, TargetResourceInfo> _targets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PrivateEndpointInfo> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> _createFailures = new();
    private int _creates;
    private int _reads;
    private int _deletes;

    public int Creates => _creates;

    public int StateReads => _reads;

    public int Deletes => _deletes;

    public int EndpointsCreatedEver { get; private set; }

    /// <summary>Gets or sets a gate the next create waits on (to raise events while the endpoint is being created).</summary>
    public TaskCompletionSource? CreateGate { get; set; }

    public string AutoApprovalStatus { get; set; } = "Pending";

    public TargetResourceInfo AddTarget(string resourceId, string resourceType, IReadOnlyList<string>? groupIds)
    {
        var target = new TargetResourceInfo(resourceId, resourceType, "eastus", groupIds, null);
        _targets[resourceId] = target;
        return target;
    }

    public void FailNextCreate(Exception exception) => _createFailures.Enqueue(exception);

    public bool Exists(string endpointName) => _endpoints.ContainsKey(endpointName);

    public void SetStatus(string endpointName, ConnectionStatus status, string? description = null)
    {
        PrivateEndpointInfo endpoint = _endpoints[endpointName];
        _endpoints[endpointName] = endpoint with { Connection = new ConnectionState(status, description, null) };
    }

    public Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.TryGetValue(target, out TargetResourceInfo? found)
            ? new TargetPreflight(TargetReadability.Readable, found, null, null)
            : new TargetPreflight(TargetReadability.NotFound, null, "ResourceNotFound", $"The Resource '{target}' was not found."));

    public Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken) =>
        Task.FromResult<bool?>(_targets.ContainsKey(alias));

    public async Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        PrivateEndpointInfo endpoint = await CreatePrivateEndpointAsync(request, cancellationToken);
        return new PrivateEndpointCreateStarted(endpoint, new PrivateEndpointOperation(request.EndpointName, PrivateEndpointOperationKind.Create, null));
    }

    /// <summary>Operations here end at once: a create is Succeeded when the endpoint exists, a delete when it does not.</summary>
    public Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken)
    {
        bool exists = _endpoints.ContainsKey(operation.EndpointName);
        bool done = operation.Kind == PrivateEndpointOperationKind.Create ? exists : !exists;
        return Task.FromResult(done
            ? new OperationStatus(OperationState.Succeeded, null, null, null)
            : new OperationStatus(OperationState.Failed, "NotFound", $"Private endpoint '{operation.EndpointName}' does not exist.", null));
    }

    public Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        return Task.FromResult(_endpoints.TryRemove(endpointName, out _)
            ? new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.Delete, null)
            : null);
    }

    public Task<TargetResourceInfo?> GetTargetAsync(string targetResourceId, CancellationToken cancellationToken) =>
        Task.FromResult(_targets.TryGetValue(targetResourceId, out TargetResourceInfo? target) ? target : null);

    public async Task<PrivateEndpointInfo> CreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _creates);
        if (CreateGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (_createFailures.TryDequeue(out Exception? failure))
        {
            throw failure;
        }

        // A PUT by name: a second create finds the first endpoint.
        return _endpoints.GetOrAdd(request.EndpointName, name =>
        {
            EndpointsCreatedEver++;
            ConnectionStatus status = Enum.Parse<ConnectionStatus>(AutoApprovalStatus);
            return new PrivateEndpointInfo(
                $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}",
                name,
                "Succeeded",
                new ConnectionState(status, "Awaiting approval", null),
                ["127.0.0.1"],
                [],
                request.DestinationId);
        });
    }

    public Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        return Task.FromResult(_endpoints.TryGetValue(endpointName, out PrivateEndpointInfo? endpoint) ? endpoint : null);
    }

    public Task<bool> DeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        return Task.FromResult(_endpoints.TryRemove(endpointName, out _));
    }

    public async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.Yield();
        foreach (PrivateEndpointInfo endpoint in _endpoints.Values)
        {
            yield return endpoint;
        }
    }
}
