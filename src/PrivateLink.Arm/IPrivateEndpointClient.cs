namespace PrivateLink.Arm;

/// <summary>The Azure Resource Manager calls the onboarding workflow makes, behind one small seam.</summary>
/// <remarks>
/// Implemented over <c>Azure.ResourceManager</c> generic resources with pinned api-versions, so the typed
/// <c>Azure.ResourceManager.Network</c> library can replace it without touching the workflow.
/// Failures surface only as <see cref="ArmTransientException"/> (429, 5xx, 409 <c>AnotherOperationInProgress</c>/<c>Conflict</c>:
/// retry, honouring <see cref="ArmTransientException.RetryAfter"/>) or <see cref="ArmRequestException"/> (any other 4xx, including
/// 403 <c>RequestDisallowedByPolicy</c> with a message saying so).
/// Writes are the <c>Begin*</c> members, polled with <see cref="GetOperationStatusAsync"/>: no call waits on a long operation.
/// </remarks>
public interface IPrivateEndpointClient
{
    /// <summary>Best-effort preflight of the target: never a gate by itself.</summary>
    /// <remarks>
    /// A resource ID: GET of the resource (kind, sku, location) and of its <c>privateLinkResources</c> (groupIds). 401/403 answer
    /// <see cref="TargetReadability.Unreadable"/> (the customer's resource is usually in another tenant), 404 answers
    /// <see cref="TargetReadability.NotFound"/>. A Private Link Service alias: one POST <c>checkPrivateLinkServiceVisibility</c> in the
    /// alias's region; visible is <see cref="TargetReadability.Readable"/>, not visible is <see cref="TargetReadability.Unreadable"/>
    /// (the alias cache lags after publication, and the PUT is the validation).
    /// </remarks>
    /// <param name="target">The ARM resource ID of the customer's resource or Private Link Service, or a Private Link Service alias.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What could be learnt.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request for another reason (400, an unsupported type).</exception>
    Task<TargetPreflight> PreflightTargetAsync(string target, CancellationToken cancellationToken);

    /// <summary>Asks whether a Private Link Service alias is visible to this service's subscription (POST <c>checkPrivateLinkServiceVisibility</c>).</summary>
    /// <param name="alias">The alias, e.g. <c>sf-pvlinksvc-azwesteurope.{guid}.westeurope.azure.privatelinkservice</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when visible, false when not; null when ARM answered 202 (asynchronously: not awaited, the PUT validates).</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<bool?> CheckPrivateLinkServiceVisibilityAsync(string alias, CancellationToken cancellationToken);

    /// <summary>Reads the endpoint subnet (<c>Arm:SubnetId</c>, one GET) and counts its free addresses, for the preflight report.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The subnet's capacity; null when this client does not read subnets (the report then says the count was not checked).</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the read (403 without a role on the subnet, 404 when it does not exist).</exception>
    Task<SubnetCapacity?> GetEndpointSubnetCapacityAsync(CancellationToken cancellationToken) => Task.FromResult<SubnetCapacity?>(null);

    /// <summary>Sends the PUT of the private endpoint (manual connection request) and returns at once, without waiting for the operation.</summary>
    /// <remarks>
    /// Idempotent: a PUT by the deterministic name; re-sending it after a transient operation failure is the cure real ARM expects.
    /// <see cref="CreatePrivateEndpointRequest.TargetResourceId"/> may be a Private Link Service alias (groupIds are then omitted).
    /// </remarks>
    /// <param name="request">The endpoint to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint as the PUT answered and the operation to poll.</returns>
    /// <exception cref="ArmTransientException">ARM throttled, answered 409 <c>AnotherOperationInProgress</c>, or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request (400 bad target or groupId, 403 policy, …).</exception>
    Task<PrivateEndpointCreateStarted> BeginCreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken);

    /// <summary>Polls a started operation once (no wait): in progress, succeeded, or failed with ARM's code.</summary>
    /// <param name="operation">The handle from <see cref="BeginCreatePrivateEndpointAsync"/> or <see cref="BeginDeletePrivateEndpointAsync"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation's state, with ARM's Retry-After when it sent one.</returns>
    /// <exception cref="ArgumentException">The handle's URL is not on the configured ARM endpoint.</exception>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the poll.</exception>
    Task<OperationStatus> GetOperationStatusAsync(PrivateEndpointOperation operation, CancellationToken cancellationToken);

    /// <summary>Sends the DELETE of a private endpoint and returns at once.</summary>
    /// <param name="endpointName">The endpoint's name in the configured resource group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation to poll, or null when nothing existed (204 or 404).</returns>
    /// <exception cref="ArmTransientException">ARM throttled, answered 409 <c>AnotherOperationInProgress</c>, or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<PrivateEndpointOperation?> BeginDeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    /// <summary>Reads a private endpoint owned by this service, including its connection state and addresses.</summary>
    /// <remarks>
    /// Addresses come from <c>customDnsConfigs</c> when present; otherwise, once the connection is Approved, from the endpoint's NIC
    /// (one more GET: <c>properties.networkInterfaces[0].id</c> → <c>ipConfigurations[].properties.privateIPAddress</c>), which is
    /// where a Private Link Service endpoint's address always is.
    /// </remarks>
    /// <param name="endpointName">The endpoint's name in the configured resource group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint, or null when it does not exist.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    /// <summary>Lists every private endpoint this service owns (by tag) in the configured resource group, in one paged call.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The owned endpoints with their connection state.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync(CancellationToken cancellationToken);
}
