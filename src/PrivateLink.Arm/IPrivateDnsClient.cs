namespace PrivateLink.Arm;

/// <summary>The private DNS calls of the onboarding workflow: a zone group on a PaaS endpoint, the service's own A records for a Private Link Service.</summary>
/// <remarks>
/// Failures surface as <see cref="ArmTransientException"/> or <see cref="ArmRequestException"/>, as on <see cref="IPrivateEndpointClient"/>.
/// The zone group PUT returns at once; its operation is polled with <see cref="IPrivateEndpointClient.GetOperationStatusAsync"/> from the
/// orchestrator. Zones live in <see cref="PrivateDnsOptions.ZoneResourceGroup"/> (by default the endpoints' resource group).
/// </remarks>
public interface IPrivateDnsClient
{
    /// <summary>Sends the PUT of the endpoint's <c>privateDnsZoneGroups/default</c> child naming these zones, so Azure writes (and on delete removes) its A records.</summary>
    /// <param name="endpointName">The endpoint's name in the configured resource group.</param>
    /// <param name="zoneNames">The private DNS zones, e.g. <c>privatelink.postgres.database.azure.com</c>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The operation to poll.</returns>
    /// <exception cref="ArmTransientException">ARM throttled, answered 409 <c>AnotherOperationInProgress</c>, or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused (a zone that does not exist, no right on it).</exception>
    Task<PrivateEndpointOperation> BeginSetPrivateDnsZoneGroupAsync(string endpointName, IReadOnlyList<string> zoneNames, CancellationToken cancellationToken);

    /// <summary>Reads the A records Azure keeps for the endpoint's zone group.</summary>
    /// <param name="endpointName">The endpoint's name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The records; null when the endpoint has no zone group.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<IReadOnlyList<PrivateDnsRecord>?> GetPrivateDnsZoneGroupRecordsAsync(string endpointName, CancellationToken cancellationToken);

    /// <summary>Creates or replaces an A record set the service owns (synchronous in Azure: 201/200).</summary>
    /// <param name="zoneName">The zone, e.g. <c>privatelink.snowflakecomputing.com</c>.</param>
    /// <param name="recordSetName">The name relative to the zone.</param>
    /// <param name="ipAddresses">The IPv4 addresses.</param>
    /// <param name="destinationId">The destination, recorded in the record set's metadata.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record as written.</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused (404 <c>ParentResourceNotFound</c>: the zone does not exist).</exception>
    Task<PrivateDnsRecord> SetARecordAsync(string zoneName, string recordSetName, IReadOnlyList<string> ipAddresses, string destinationId, CancellationToken cancellationToken);

    /// <summary>Deletes an A record set the service owns (200, or 204 when it was gone).</summary>
    /// <param name="zoneName">The zone.</param>
    /// <param name="recordSetName">The name relative to the zone.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True when a record set was deleted; false when there was none (or no zone).</returns>
    /// <exception cref="ArmTransientException">ARM throttled or failed transiently.</exception>
    /// <exception cref="ArmRequestException">ARM refused the request.</exception>
    Task<bool> DeleteARecordAsync(string zoneName, string recordSetName, CancellationToken cancellationToken);
}

/// <summary>One A record in a private DNS zone: the name clients resolve and the private addresses it answers.</summary>
/// <param name="Fqdn">The fully qualified name (no trailing dot).</param>
/// <param name="IpAddresses">The addresses.</param>
/// <param name="Zone">The private DNS zone the record is in.</param>
/// <param name="RecordSetName">The record set's name relative to the zone.</param>
public sealed record PrivateDnsRecord(string Fqdn, IReadOnlyList<string> IpAddresses, string Zone, string RecordSetName);
