using PrivateLink.Arm;

namespace PrivateLink.Bench.Engine;

/// <summary>
/// The benchmark's zero-latency ARM fakes share this: every operation has ended by the time it is started (each fake reads, puts and
/// removes its endpoints at once), every target is readable, and private DNS answers at once (a zone group's records carry the
/// endpoint's addresses as read back).
/// </summary>
internal abstract class ZeroLatencyArm : IPrivateEndpointClient, IPrivateDnsClient
{
    public Task<PrivateEndpointOperation> BeginSetPrivateDnsZoneGroupAsync(string endpointName, IReadOnlyList<string> zoneNames, CancellationToken cancellationToken) =>
        Task.FromResult(new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.SetDnsZoneGroup, null));

    public async Task<IReadOnlyList<PrivateDnsRecord>?> GetPrivateDnsZoneGroupRecordsAsync(string endpointName, CancellationToken cancellationToken)
    {
        PrivateEndpointInfo? endpoint = await GetPrivateEndpointAsync(endpointName, cancellationToken);
        return endpoint is null ? null : [new PrivateDnsRecord($"{endpointName}.privatelink.example", endpoint.PrivateIpAddresses, "privatelink.example", endpointName)];
    }

    public Task<PrivateDnsRecord> SetARecordAsync(string zoneName, string recordSetName, IReadOnlyList<string> ipAddresses, string destinationId, CancellationToken cancellationToken) =>
        Task.FromResult(new PrivateDnsRecord($"{recordSetName}.{zoneName}", ipAddresses, zoneName, recordSetName));

    public Task<bool> DeleteARecordAsync(string zoneName, string recordSetName, CancellationToken cancellationToken) => Task.FromResult(true);

    public async Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken) =>
        new(TargetReadability.Readable, await ReadTargetAsync(target, cancellationToken), null, null);

    public Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken) => Task.FromResult<bool?>(true);

    public async Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken) =>
        new(await PutEndpointAsync(request, cancellationToken), new PrivateEndpointOperation(request.EndpointName, PrivateEndpointOperationKind.Create, null));

    public Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken) =>
        Task.FromResult(new OperationStatus(OperationState.Succeeded, null, null, null));

    public async Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken) =>
        await RemoveEndpointAsync(endpointName, cancellationToken) ? new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.Delete, null) : null;

    protected abstract Task<TargetResourceInfo?> ReadTargetAsync(string targetResourceId, CancellationToken cancellationToken);

    protected abstract Task<PrivateEndpointInfo> PutEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken);

    public abstract Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    protected abstract Task<bool> RemoveEndpointAsync(string endpointName, CancellationToken cancellationToken);

    public abstract IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync(CancellationToken cancellationToken);
}
