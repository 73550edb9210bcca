namespace PrivateLink.Arm;

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
