namespace PrivateLink.Arm;

/// <summary>The Azure Resource Manager calls the onboarding workflow makes, behind one small seam.</summary>
/// <remarks>
/// Implemented over <c>Azure.ResourceManager</c> generic resources with pinned api-versions, so the typed
/// <c>Azure.ResourceManager.Network</c> library can replace it without touching the workflow.
/// Failures surface only as <see cref="ArmTransientException"/> (429, 5xx: retry) or <see cref="ArmRequestException"/>
/// (any other 4xx, or a long-running operation that ended Failed).
/// </remarks>
public interface IPrivateEndpointClient
{
    /// <summary>Reads the target resource and the Private Link subresources (groupIds) it offers.</summary>
    /// <param name="targetResourceId">The ARM resource ID of the customer's resource or Private Link Service.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The target, or null when it does not exist.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<TargetResourceInfo?> GetTargetAsync(string targetResourceId, CancellationToken cancellationToken);

    /// <summary>Creates (or finds) the private endpoint with a manual connection request and waits for provisioning to end.</summary>
    /// <remarks>Idempotent: a PUT by the deterministic name in <paramref name="request"/>; a retry never makes a second endpoint.</remarks>
    /// <param name="request">The endpoint to create.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint as ARM reports it once provisioning succeeded.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request, or provisioning ended Failed (with ARM's code and message).</exception>
    Task<PrivateEndpointInfo> CreatePrivateEndpointAsync(CreatePrivateEndpointRequest request, CancellationToken cancellationToken);

    /// <summary>Reads a private endpoint owned by this service, including its connection state.</summary>
    /// <param name="endpointName">The endpoint's name in the configured resource group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The endpoint, or null when it does not exist.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<PrivateEndpointInfo?> GetPrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    /// <summary>Deletes a private endpoint and waits until it is gone.</summary>
    /// <param name="endpointName">The endpoint's name in the configured resource group.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when an endpoint was deleted; false when it did not exist (idempotent).</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<bool> DeletePrivateEndpointAsync(string endpointName, CancellationToken cancellationToken);

    /// <summary>Lists every private endpoint this service owns (by tag), in one paged call.</summary>
    /// <param name="cancellationToken">Cancels the enumeration.</param>
    /// <returns>The owned endpoints with their connection state.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    IAsyncEnumerable<PrivateEndpointInfo> ListOwnedPrivateEndpointsAsync(CancellationToken cancellationToken);
}
