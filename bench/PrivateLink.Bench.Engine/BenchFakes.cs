using System.Runtime.CompilerServices;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Bench.Engine;

/// <summary>Zero-latency ARM for the engine benchmark: endpoints are created Pending and read back Approved (instant approval).</summary>
internal sealed class InstantArm : ZeroLatencyArm
{
    private int _requests;

    public int Requests => _requests;

    protected override Task<TargetResourceInfo?> ReadTargetAsync(string targetResourceId, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult<TargetResourceInfo?>(new TargetResourceInfo(targetResourceId, "Microsoft.Storage/storageAccounts", "eastus", ["blob", "dfs"], null));
    }

    protected override Task<PrivateEndpointInfo> PutEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(Endpoint(request.EndpointName, ConnectionStatus.Pending));
    }

    public override Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult<PrivateEndpointInfo?>(Endpoint(endpointName, ConnectionStatus.Approved));
    }

    protected override Task<bool> RemoveEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _requests);
        return Task.FromResult(true);
    }

    public override async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }

    private static PrivateEndpointInfo Endpoint(string name, ConnectionStatus status) =>
        new($"/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}", name, "Succeeded", status, null, null, ["10.0.0.4"], [], null);
}

/// <summary>A probe that succeeds at once.</summary>
internal sealed class InstantProbe : IConnectivityProbe
{
    public Task<ProbeResult> ProbeAsync(ProbeRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ProbeResult(ProbeStatus.Succeeded, request.Port, request.Protocol, "ok", null, false, null, new ProbeTimings(0, 0, 0, 0)));
}

/// <summary>Counts published events.</summary>
internal sealed class CountingSink : IDestinationEventSink
{
    private int _events;

    public int Events => _events;

    public Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _events);
        return Task.CompletedTask;
    }
}
