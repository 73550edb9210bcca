using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using PrivateLink.Arm;

namespace PrivateLink.TestKit;

/// <summary>
/// An in-memory ARM behind the workflow's ARM seam: targets (readable, unreadable or missing), endpoints with connection state,
/// operations that run for a number of polls and may end in a scripted failure, addresses that appear only some reads after
/// approval (the NIC read), call counts and injectable failures.
/// </summary>
public sealed class FakeArm : IPrivateEndpointClient, IPrivateDnsClient
{
    private readonly ConcurrentDictionary<string, IReadOnlyList<string>> _zoneGroups = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, PrivateDnsRecord> _records = new(StringComparer.OrdinalIgnoreCase);
    private const string Sub = "00000000-0000-0000-0000-000000000001";
    private readonly ConcurrentDictionary<string, TargetResourceInfo> _targets = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (string Code, string Message)> _unreadable = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, PrivateEndpointInfo> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _pollsLeft = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _readsUntilAddress = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<Exception> _createFailures = new();
    private readonly ConcurrentQueue<string> _operationFailures = new();
    private readonly ConcurrentQueue<Exception> _deleteFailures = new();
    private readonly ConcurrentQueue<Exception> _listFailures = new();
    private readonly ConcurrentQueue<CreatePrivateEndpointRequest> _puts = new();
    private int _creates;
    private int _reads;
    private int _deletes;
    private int _polls;
    private int _lists;

    public int Creates => _creates;

    public int StateReads => _reads;

    public int Deletes => _deletes;

    public int Polls => _polls;

    /// <summary>Gets how many times the owned endpoints were listed (watcher and reconciler passes).</summary>
    public int ListCalls => Volatile.Read(ref _lists);

    /// <summary>Gets a semaphore released once per list call, as it starts.</summary>
    public SemaphoreSlim Listed { get; } = new(0);

    public int EndpointsCreatedEver { get; private set; }

    /// <summary>Gets every PUT sent, in order.</summary>
    public IReadOnlyList<CreatePrivateEndpointRequest> Puts => _puts.ToArray();

    /// <summary>Gets or sets a gate every preflight waits on (to hold an onboarding Running in validation until released).</summary>
    public TaskCompletionSource? PreflightGate { get; set; }

    /// <summary>Gets or sets a gate the next create waits on (to raise events while the endpoint is being created).</summary>
    public TaskCompletionSource? CreateGate { get; set; }

    public string AutoApprovalStatus { get; set; } = "Pending";

    /// <summary>Gets or sets how many polls each operation answers InProgress before it ends.</summary>
    public int PollsPerOperation { get; set; }

    /// <summary>Gets or sets how many reads of an approved endpoint answer without an address (the NIC lags); -1: never an address.</summary>
    public int ReadsWithoutAddress { get; set; }

    /// <summary>Gets or sets the private IP the fake's endpoints get.</summary>
    public string PrivateIp { get; set; } = "127.0.0.1";

    public TargetResourceInfo AddTarget(string resourceId, string resourceType, IReadOnlyList<string>? groupIds, string? skuTier = null)
    {
        var target = new TargetResourceInfo(resourceId, resourceType, "eastus", groupIds, null, SkuTier: skuTier);
        _targets[resourceId] = target;
        return target;
    }

    /// <summary>Makes a target unreadable: 401 <c>InvalidAuthenticationTokenTenant</c> (another tenant) or 403 <c>AuthorizationFailed</c>.</summary>
    public void MakeUnreadable(string resourceId, string code = "InvalidAuthenticationTokenTenant") =>
        _unreadable[resourceId] = (code, $"The access token is from the wrong issuer ({code}).");

    public void FailNextCreate(Exception exception) => _createFailures.Enqueue(exception);

    /// <summary>Makes the next create operations end <c>{"status":"Failed","error":{"code":code}}</c>, one per code.</summary>
    public void FailNextOperations(params string[] codes)
    {
        foreach (string code in codes)
        {
            _operationFailures.Enqueue(code);
        }
    }

    public void FailNextDelete(Exception exception) => _deleteFailures.Enqueue(exception);

    /// <summary>Makes the next lists of owned endpoints throw these, one per list.</summary>
    public void FailNextLists(params Exception[] exceptions)
    {
        foreach (Exception exception in exceptions)
        {
            _listFailures.Enqueue(exception);
        }
    }

    /// <summary>Seeds a same-named endpoint left by an earlier attempt, in a given state.</summary>
    public void SeedEndpoint(string name, ConnectionStatus status, string destinationId) =>
        _endpoints[name] = NewEndpoint(name, status, destinationId);

    public bool Exists(string endpointName) => _endpoints.ContainsKey(endpointName);

    public void SetStatus(string endpointName, ConnectionStatus status, string? description = null)
    {
        PrivateEndpointInfo endpoint = _endpoints[endpointName];
        _endpoints[endpointName] = endpoint with { ConnectionStatus = status, ConnectionDescription = description, ActionsRequired = null };
    }

    public async Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken)
    {
        if (PreflightGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        return Preflight(target);
    }

    private TargetPreflight Preflight(string target)
    {
        if (_unreadable.TryGetValue(target, out (string Code, string Message) refusal))
        {
            return new TargetPreflight(TargetReadability.Unreadable, null, refusal.Code, refusal.Message);
        }

        if (PrivateLinkServiceAlias.IsAlias(target) && !_targets.ContainsKey(target))
        {
            return new TargetPreflight(TargetReadability.Unreadable, null, "PrivateLinkServiceNotVisible", $"The Private Link Service alias '{target}' is not visible to this subscription.");
        }

        return _targets.TryGetValue(target, out TargetResourceInfo? found)
            ? new TargetPreflight(TargetReadability.Readable, found, null, null)
            : new TargetPreflight(TargetReadability.NotFound, null, "ResourceNotFound", $"The Resource '{target}' was not found.");
    }

    public Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken) =>
        Task.FromResult<bool?>(_targets.ContainsKey(alias));

    public async Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _creates);
        _puts.Enqueue(request);
        if (CreateGate is { } gate)
        {
            await gate.Task.WaitAsync(cancellationToken);
        }

        if (_createFailures.TryDequeue(out Exception? failure))
        {
            throw failure;
        }

        // A PUT by name: a second create finds the first endpoint, and keeps its connection state (a Rejected one stays Rejected).
        PrivateEndpointInfo endpoint = _endpoints.GetOrAdd(request.EndpointName, name =>
        {
            EndpointsCreatedEver++;
            return NewEndpoint(name, Enum.Parse<ConnectionStatus>(AutoApprovalStatus), request.DestinationId);
        });
        _pollsLeft[request.EndpointName] = PollsPerOperation;
        return new PrivateEndpointCreateStarted(
            endpoint with { ProvisioningState = "Updating", PrivateIpAddresses = [] },
            new PrivateEndpointOperation(request.EndpointName, PrivateEndpointOperationKind.Create, $"https://arm.test/operations/{request.EndpointName}"));
    }

    public Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken)
    {
        if (operation.Kind == PrivateEndpointOperationKind.SetDnsZoneGroup)
        {
            return Task.FromResult(new OperationStatus(OperationState.Succeeded, null, null, null));
        }

        Interlocked.Increment(ref _polls);
        if (_pollsLeft.AddOrUpdate(operation.EndpointName, 0, (_, left) => left - 1) >= 0)
        {
            return Task.FromResult(new OperationStatus(OperationState.InProgress, null, null, null));
        }

        if (operation.Kind == PrivateEndpointOperationKind.Create && _operationFailures.TryDequeue(out string? code))
        {
            return Task.FromResult(new OperationStatus(OperationState.Failed, code, $"Operation failed with {code}.", null));
        }

        bool exists = _endpoints.ContainsKey(operation.EndpointName);
        bool done = operation.Kind == PrivateEndpointOperationKind.Create ? exists : !exists;
        return Task.FromResult(done
            ? new OperationStatus(OperationState.Succeeded, null, null, null)
            : new OperationStatus(OperationState.Failed, "NotFound", $"Private endpoint '{operation.EndpointName}' does not exist.", null));
    }

    public Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _deletes);
        if (_deleteFailures.TryDequeue(out Exception? failure))
        {
            throw failure;
        }

        _pollsLeft[endpointName] = PollsPerOperation;
        return Task.FromResult(_endpoints.TryRemove(endpointName, out _)
            ? new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.Delete, $"https://arm.test/operations/delete-{endpointName}")
            : null);
    }

    /// <summary>Addresses as real ARM gives them: none while Pending; after approval from the NIC, once the NIC lag is over.</summary>
    public Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _reads);
        if (!_endpoints.TryGetValue(endpointName, out PrivateEndpointInfo? endpoint))
        {
            return Task.FromResult<PrivateEndpointInfo?>(null);
        }

        if (endpoint.ConnectionStatus != ConnectionStatus.Approved)
        {
            return Task.FromResult<PrivateEndpointInfo?>(endpoint with { PrivateIpAddresses = [] });
        }

        int left = _readsUntilAddress.AddOrUpdate(endpointName, ReadsWithoutAddress - 1, (_, n) => n - 1);
        bool addressed = ReadsWithoutAddress >= 0 && left < 0;
        return Task.FromResult<PrivateEndpointInfo?>(endpoint with { PrivateIpAddresses = addressed ? [PrivateIp] : [] });
    }

    public async IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _lists);
        Listed.Release();
        await Task.Yield();
        if (_listFailures.TryDequeue(out Exception? failure))
        {
            throw failure;
        }

        foreach (PrivateEndpointInfo endpoint in _endpoints.Values)
        {
            yield return endpoint;
        }
    }

    private static PrivateEndpointInfo NewEndpoint(string name, ConnectionStatus status, string destinationId) => new(
        $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/privateEndpoints/{name}",
        name,
        "Succeeded",
        status,
        status == ConnectionStatus.Pending ? "Awaiting approval" : status.ToString(),
        null,
        [],
        [],
        destinationId,
        $"/subscriptions/{Sub}/resourceGroups/rg/providers/Microsoft.Network/networkInterfaces/{name}.nic");

    /// <summary>Gets the zones each endpoint's zone group names.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> ZoneGroups => _zoneGroups;

    /// <summary>Gets the A records the service wrote, by FQDN.</summary>
    public IReadOnlyDictionary<string, PrivateDnsRecord> Records => _records;

    public Task<PrivateEndpointOperation> BeginSetPrivateDnsZoneGroupAsync(string endpointName, IReadOnlyList<string> zoneNames, CancellationToken cancellationToken)
    {
        _zoneGroups[endpointName] = zoneNames;
        return Task.FromResult(new PrivateEndpointOperation(endpointName, PrivateEndpointOperationKind.SetDnsZoneGroup, null));
    }

    public Task<IReadOnlyList<PrivateDnsRecord>?> GetPrivateDnsZoneGroupRecordsAsync(string endpointName, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<PrivateDnsRecord>?>(
            _zoneGroups.TryGetValue(endpointName, out IReadOnlyList<string>? zones) && _endpoints.ContainsKey(endpointName)
                ? zones.Select(z => new PrivateDnsRecord($"{endpointName}.{z}", [PrivateIp], z, endpointName)).ToList()
                : null);

    public Task<PrivateDnsRecord> SetARecordAsync(string zoneName, string recordSetName, IReadOnlyList<string> ipAddresses, string destinationId, CancellationToken cancellationToken)
    {
        var record = new PrivateDnsRecord($"{recordSetName}.{zoneName}", ipAddresses, zoneName, recordSetName);
        _records[record.Fqdn] = record;
        return Task.FromResult(record);
    }

    public Task<bool> DeleteARecordAsync(string zoneName, string recordSetName, CancellationToken cancellationToken) =>
        Task.FromResult(_records.TryRemove($"{recordSetName}.{zoneName}", out _));
}
