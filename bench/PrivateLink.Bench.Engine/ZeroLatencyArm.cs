using PrivateLink.Arm;

namespace PrivateLink.Bench.Engine;

/// <summary>
/// The benchmark's zero-latency ARM fakes share this: every operation has ended by the time it is started, so the non-blocking
/// members map onto the fake's own blocking calls, and every target is readable.
/// </summary>
internal abstract class ZeroLatencyArm : IPrivateEndpointClient
{
    public async Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken) =>
        new(TargetReadability.Readable, await GetTargetAsync(target, cancellationToken), null, null);

    public Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken) => Task.FromResult<bool?>(true);

    public async Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken) =>
        new(await CreatePrivateEndpointAsync(request, cancellationToken), new PrivateEndpointOperation(request.EndpointName, PrivateEndpointOperationKind.Create, null));

    public Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(new OperationStatus(OperationState.Succeeded, null, null, null));

    public async Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        await DeletePrivateEndpointAsync(endpointName, cancellationToken) ? new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.Delete, null) : null;

    public abstract Task<TargetResourceInfo?> GetTargetAsync(string targetResourceId, CancellationToken cancellationToken);

    public abstract Task<PrivateEndpointInfo> CreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken);

    public abstract Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    public abstract Task<bool> DeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync(CancellationToken cancellationToken);
}
