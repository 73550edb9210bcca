using System.Text.RegularExpressions;

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

/// <summary>A private endpoint and the state of its connection to the target, as ARM reports it: the one endpoint record from the adapter to the status API.</summary>
/// <param name="ResourceId">The endpoint's ARM resource ID.</param>
/// <param name="Name">The endpoint's name.</param>
/// <param name="ProvisioningState">ARM's provisioning state (<c>Updating</c>, <c>Succeeded</c>, <c>Failed</c>, ...).</param>
/// <param name="ConnectionStatus">The status of the manual connection request (<c>privateLinkServiceConnectionState.status</c>).</param>
/// <param name="ConnectionDescription">The description that came with the status (the customer's words on approval or rejection).</param>
/// <param name="ActionsRequired">What ARM says is required next (<c>actionsRequired</c>; Storage spells it <c>actionRequired</c>).</param>
/// <param name="PrivateIpAddresses">
/// The endpoint's private IP addresses: from <c>customDnsConfigs</c> when the provider filled them, else (on a single-endpoint
/// read of an approved connection) from the endpoint's NIC; empty until known. A list page never reads NICs.
/// </param>
/// <param name="Fqdns">The FQDNs from <c>customDnsConfigs</c> (two for Cosmos DB: global and regional; none for a Private Link Service).</param>
/// <param name="DestinationId">The destination id from the endpoint's tag; null when untagged.</param>
/// <param name="NetworkInterfaceId">The endpoint's NIC (<c>properties.networkInterfaces[0].id</c>), when ARM lists one.</param>
public sealed record PrivateEndpointInfo(
    string ResourceId,
    string Name,
    string ProvisioningState,
    ConnectionStatus ConnectionStatus,
    string? ConnectionDescription,
    string? ActionsRequired,
    IReadOnlyList<string> PrivateIpAddresses,
    IReadOnlyList<string> Fqdns,
    string? DestinationId,
    string? NetworkInterfaceId = null);

/// <summary>The status of a private endpoint connection.</summary>
public enum ConnectionStatus
{
    /// <summary>Waiting for the customer to approve or reject.</summary>
    Pending,

    /// <summary>The customer approved; traffic can flow.</summary>
    Approved,

    /// <summary>The customer rejected the request.</summary>
    Rejected,

    /// <summary>The customer removed the connection after it was approved.</summary>
    Disconnected,
}

/// <summary>The private endpoint to create for one destination.</summary>
/// <param name="EndpointName">The deterministic endpoint name (derived from the destination id).</param>
/// <param name="TargetResourceId">The resource the endpoint connects to (<c>privateLinkServiceId</c>).</param>
/// <param name="GroupId">The Private Link subresource; null for a Private Link Service.</param>
/// <param name="RequestMessage">The message the customer sees with the request (at most <see cref="MaxRequestMessageLength"/> characters).</param>
/// <param name="DestinationId">The destination id, written as a tag so the watcher can list owned endpoints.</param>
public sealed record CreatePrivateEndpointRequest(
    string EndpointName,
    string TargetResourceId,
    string? GroupId,
    string RequestMessage,
    string DestinationId)
{
    /// <summary>The longest request message ARM accepts on a manual connection.</summary>
    public const int MaxRequestMessageLength = 140;
}

/// <summary>What a long-running private endpoint operation does.</summary>
public enum PrivateEndpointOperationKind
{
    /// <summary>A PUT (create, or re-PUT by the same name).</summary>
    Create,

    /// <summary>A DELETE.</summary>
    Delete,

    /// <summary>A PUT of the endpoint's <c>privateDnsZoneGroups</c> child.</summary>
    SetDnsZoneGroup,
}

/// <summary>A handle on a started PUT or DELETE of a private endpoint, small enough to keep in durable history and poll later.</summary>
/// <remarks>
/// <para>
/// <see cref="StatusUrl"/> is the <c>Azure-AsyncOperation</c> URL ARM answered with
/// (<c>/subscriptions/{sub}/providers/Microsoft.Network/locations/{loc}/operations/{id}?api-version=…</c>, signed since 2024 with
/// <c>&amp;t=…&amp;c=…&amp;s=…&amp;h=…</c>). It is kept because only the operation resource says <em>why</em> an operation failed
/// (<c>{"status":"Failed","error":{"code":"RetryableError"}}</c>); the endpoint's own <c>provisioningState: Failed</c> carries no code,
/// and the workflow must tell a transient failure (re-PUT) from a final one. The URL is not a credential: ARM still requires the
/// service's bearer token on it, and the adapter polls it only when its scheme and host are the configured ARM endpoint's, so a
/// tampered history cannot send the token elsewhere.
/// </para>
/// <para>When ARM gave no <c>Azure-AsyncOperation</c> header (a synchronous answer), <see cref="StatusUrl"/> is null and the status is
/// read from the endpoint itself (its <c>provisioningState</c>; for a delete, its absence).</para>
/// </remarks>
/// <param name="EndpointName">The endpoint's name in the configured resource group.</param>
/// <param name="Kind">Create or delete.</param>
/// <param name="StatusUrl">The absolute <c>Azure-AsyncOperation</c> URL, or null.</param>
public sealed record PrivateEndpointOperation(string EndpointName, PrivateEndpointOperationKind Kind, string? StatusUrl);

/// <summary>The state of a long-running operation at one poll.</summary>
public enum OperationState
{
    /// <summary>Still running (<c>InProgress</c>, <c>Updating</c>, <c>Enqueued</c>, …): poll again later.</summary>
    InProgress,

    /// <summary>Ended well.</summary>
    Succeeded,

    /// <summary>Ended badly (<c>Failed</c> or <c>Canceled</c>); see <see cref="OperationStatus.ErrorCode"/>.</summary>
    Failed,
}

/// <summary>One poll of a private endpoint operation.</summary>
/// <param name="State">In progress, succeeded or failed.</param>
/// <param name="ErrorCode">ARM's error code when <see cref="OperationState.Failed"/> (<c>Canceled</c> for a canceled operation).</param>
/// <param name="ErrorMessage">ARM's error message when failed.</param>
/// <param name="RetryAfter">How long ARM asked to wait before the next poll, when it said (real Network polls send no Retry-After).</param>
public sealed record OperationStatus(OperationState State, string? ErrorCode, string? ErrorMessage, TimeSpan? RetryAfter)
{
    /// <summary>Gets a value indicating whether the operation failed with a code real ARM clears by itself, so a re-PUT (or re-DELETE) by name is the cure.</summary>
    /// <remarks>
    /// <c>RetryableError</c>, <c>ConflictError</c>, <c>StorageAccountOperationInProgress</c>, <c>InvalidPrivateLinkServiceId</c> (an alias
    /// just published: the alias cache lags; bound the retries) and <c>Canceled</c> (superseded by another write): terraform re-PUTs on all of them.
    /// </remarks>
    public bool IsTransientFailure => State == OperationState.Failed && ArmErrors.IsTransientOperationFailure(ErrorCode);
}

/// <summary>The answer to a create's PUT: the endpoint as ARM returned it (typically <c>Updating</c>) and the operation to poll.</summary>
/// <param name="Endpoint">The endpoint as the PUT answered (no addresses yet).</param>
/// <param name="Operation">The operation to poll with <see cref="IPrivateEndpointClient.GetOperationStatusAsync"/>.</param>
public sealed record PrivateEndpointCreateStarted(PrivateEndpointInfo Endpoint, PrivateEndpointOperation Operation);

/// <summary>What reading the target told the service.</summary>
public enum TargetReadability
{
    /// <summary>The target was read; <see cref="TargetPreflight.Target"/> holds it.</summary>
    Readable,

    /// <summary>
    /// ARM refused the read (401 <c>InvalidAuthenticationTokenTenant</c>: the target is in another Entra tenant; 403
    /// <c>AuthorizationFailed</c>: no role on it), or a Private Link Service alias is not visible to this subscription (yet).
    /// Not a failure: a manual connection request needs no right on the target, so the endpoint PUT is the validation.
    /// </summary>
    Unreadable,

    /// <summary>The target, or its resource group, does not exist (404 <c>ResourceNotFound</c> / <c>ResourceGroupNotFound</c>).</summary>
    NotFound,
}

/// <summary>The result of the best-effort target preflight: never a gate by itself.</summary>
/// <param name="Readability">Readable, unreadable or not found.</param>
/// <param name="Target">The target when readable; null otherwise.</param>
/// <param name="ErrorCode">ARM's code when unreadable or not found (e.g. <c>InvalidAuthenticationTokenTenant</c>, <c>ResourceGroupNotFound</c>).</param>
/// <param name="Message">ARM's message (or the adapter's, for an alias) when unreadable or not found.</param>
public sealed record TargetPreflight(TargetReadability Readability, TargetResourceInfo? Target, string? ErrorCode, string? Message);

/// <summary>The customer's resource (or Private Link Service) as ARM reports it.</summary>
/// <param name="ResourceId">The ARM resource ID (a Private Link Service alias read by visibility check keeps the alias).</param>
/// <param name="ResourceType">The resource type, e.g. <c>Microsoft.Sql/servers</c>.</param>
/// <param name="Location">The Azure region.</param>
/// <param name="GroupIds">The Private Link subresources the target offers, from its <c>privateLinkResources</c>; null when the provider does not expose the list or refused to.</param>
/// <param name="PrivateLinkService">Details of a Private Link Service target; null for other resource types.</param>
/// <param name="Kind">The resource's <c>kind</c> (Cosmos DB: <c>GlobalDocumentDB</c>, <c>MongoDB</c>, …; Storage: <c>StorageV2</c>, …), when ARM sent one.</param>
/// <param name="SkuName">The resource's <c>sku.name</c> (Service Bus: <c>Premium</c>, <c>Standard</c>, …), when ARM sent one.</param>
/// <param name="SkuTier">The resource's <c>sku.tier</c>, when ARM sent one.</param>
/// <param name="Capabilities">Cosmos DB <c>properties.capabilities[].name</c> (e.g. <c>EnableMongo</c>, <c>EnableCassandra</c>), empty otherwise.</param>
public sealed record TargetResourceInfo(
    string ResourceId,
    string ResourceType,
    string Location,
    IReadOnlyList<string>? GroupIds,
    PrivateLinkServiceInfo? PrivateLinkService,
    string? Kind = null,
    string? SkuName = null,
    string? SkuTier = null,
    IReadOnlyList<string>? Capabilities = null);

/// <summary>What ARM reports of a Private Link Service in front of a VM-hosted destination.</summary>
/// <param name="Alias">The service's alias.</param>
/// <param name="AutoApproval">True when this service's subscription is in the service's auto-approval list.</param>
/// <param name="LoadBalancerFrontendIpConfigurationIds">The load balancer frontends the service fronts.</param>
public sealed record PrivateLinkServiceInfo(
    string? Alias,
    bool AutoApproval,
    IReadOnlyList<string> LoadBalancerFrontendIpConfigurationIds);

/// <summary>How many addresses the endpoint subnet has left, from a GET of the subnet.</summary>
/// <param name="SubnetId">The subnet's resource ID.</param>
/// <param name="AddressPrefixes">Its address prefixes (<c>addressPrefix</c> or <c>addressPrefixes</c>).</param>
/// <param name="UsableAddresses">Addresses a NIC may take: each IPv4 prefix's size less the 5 Azure reserves (network, gateway, 2 DNS, broadcast); null when it has no IPv4 prefix.</param>
/// <param name="UsedAddresses">IP configurations in the subnet (<c>ipConfigurations</c>: every NIC's, each private endpoint's included).</param>
/// <param name="PrivateEndpointIds">The resource IDs of the private endpoints in the subnet (<c>privateEndpoints</c>).</param>
public sealed record SubnetCapacity(
    string SubnetId,
    IReadOnlyList<string> AddressPrefixes,
    int? UsableAddresses,
    int UsedAddresses,
    IReadOnlyList<string> PrivateEndpointIds)
{
    /// <summary>The addresses Azure reserves in every subnet.</summary>
    public const int AzureReservedPerPrefix = 5;

    /// <summary>Gets the free addresses, or null when the subnet has no IPv4 prefix.</summary>
    public int? FreeAddresses => UsableAddresses is int usable ? Math.Max(0, usable - UsedAddresses) : null;
}

/// <summary>Private Link Service aliases (<c>{prefix}.{guid}.{region}.azure.privatelinkservice</c>, e.g. Snowflake's), accepted wherever a PLS resource ID is.</summary>
public static partial class PrivateLinkServiceAlias
{
    /// <summary>Tells whether <paramref name="value"/> is a Private Link Service alias rather than an ARM resource ID.</summary>
    /// <param name="value">A resource ID or an alias.</param>
    /// <returns>True for an alias.</returns>
    public static bool IsAlias(string? value) => value is not null && AliasPattern().IsMatch(value);

    /// <summary>Gets the region an alias names (its third label from the end), e.g. <c>westeurope</c>.</summary>
    /// <param name="alias">An alias.</param>
    /// <returns>The region, or null when <paramref name="alias"/> is not an alias.</returns>
    public static string? Region(string alias)
    {
        Match match = AliasPattern().Match(alias ?? string.Empty);
        return match.Success ? match.Groups["region"].Value : null;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9-]{0,79}\.[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\.(?<region>[A-Za-z0-9]+)\.azure\.privatelinkservice$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AliasPattern();
}
