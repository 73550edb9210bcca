using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PrivateLink.Arm;

namespace PrivateLink.Bench.Engine;

/// <summary>Zero-latency ARM where endpoints stay Pending until <see cref="ApproveAll"/>; lists them like the real paged list (tagged with their destination).</summary>
internal sealed class ParkingArm : ZeroLatencyArm
{
    private readonly ConcurrentDictionary<string, string> _endpoints = new();
    private volatile bool _approved;

    public int Created => _endpoints.Count;

    public void ApproveAll() => _approved = true;

    protected override Task<TargetResourceInfo?> ReadTargetAsync(string targetResourceId, CancellationToken cancellationToken) =>
        Task.FromResult<TargetResourceInfo?>(new TargetResourceInfo(targetResourceId, "Microsoft.Storage/storageAccounts", "eastus", ["blob", "dfs"], null));

    protected override Task<PrivateEndpointInfo> PutEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        _endpoints[request.EndpointName] = request.DestinationId;
        return Task.FromResult(Endpoint(request.EndpointName, request.DestinationId));
    }

    public override Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        Task.FromResult(_endpoints.TryGetValue(endpointName, out string? destinationId) ? Endpoint(endpointName, destinationId) : null);

    protected override Task<bool> RemoveEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        Task.FromResult(_endpoints.TryRemove(endpointName, out _));

    public override async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        foreach ((string name, string destinationId) in _endpoints)
        {
            yield return Endpoint(name, destinationId);
        }
    }

    private PrivateEndpointInfo Endpoint(string name, string destinationId) => new(
        $"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}",
        name,
        "Succeeded",
        _approved ? ConnectionStatus.Approved : ConnectionStatus.Pending, null, null,
        ["10.0.0.4"],
        [],
        destinationId);
}
