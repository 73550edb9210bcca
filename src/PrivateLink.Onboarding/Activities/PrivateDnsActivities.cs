using Azure.Core;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.SupportMatrix;

namespace PrivateLink.Onboarding.Activities;

/// <summary>
/// Registers an endpoint's names in private DNS: for a PaaS target, sends the PUT of its <c>privateDnsZoneGroups</c> child naming the
/// support matrix's zone for its groupId (the orchestrator polls the operation); for a Private Link Service target, writes the
/// service's own A record for the host name in the configured zone (Snowflake's, or <c>PrivateDns:PrivateLinkServiceZone</c>).
/// Its answer is the endpoint's <see cref="PrivateDnsRegistration"/>: finished (records written, or nothing to do and why), or
/// with the zone group's <see cref="PrivateDnsRegistration.Operation"/> for the orchestrator to poll.
/// </summary>
public sealed class RegisterPrivateDnsActivity(IPrivateDnsClient dns, IOptions<PrivateDnsOptions> options, ILogger<RegisterPrivateDnsActivity> logger)
    : TaskActivity<RegisterPrivateDnsInput, PrivateDnsRegistration>
{
    /// <inheritdoc/>
    public override async Task<PrivateDnsRegistration> RunAsync(TaskActivityContext context, RegisterPrivateDnsInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        PrivateDnsOptions settings = options.Value;
        if (!settings.Enabled)
        {
            return Skipped("Private DNS registration is turned off (PrivateDns:Enabled).");
        }

        DestinationProfile profile = DestinationCatalog.Get(input.DestinationType);
        if (profile.TargetsPrivateLinkService)
        {
            string? zone = profile.PrivateLinkServiceDnsZone ?? (string.IsNullOrEmpty(settings.PrivateLinkServiceZone) ? null : settings.PrivateLinkServiceZone);
            if (zone is null)
            {
                return Skipped("No private DNS zone is configured for destinations behind a Private Link Service (PrivateDns:PrivateLinkServiceZone); no record was written.");
            }

            string host = input.HostName.TrimEnd('.').ToLowerInvariant();
            if (!host.EndsWith("." + zone, StringComparison.OrdinalIgnoreCase))
            {
                return Skipped($"Host name {host} is not in the private DNS zone {zone}; no record was written.");
            }

            string recordSetName = host[..^(zone.Length + 1)];
            PrivateDnsRecord record = await dns.SetARecordAsync(zone, recordSetName, input.PrivateIpAddresses, input.DestinationId, CancellationToken.None);
            PrivateDnsActivityLog.RecordRegistered(logger, context.InstanceId, input.DestinationId, record.Fqdn, string.Join(",", record.IpAddresses));
            return new PrivateDnsRegistration([record], OwnedByService: true, null);
        }

        string resourceType = ResourceIdentifier.TryParse(input.TargetResourceId, out ResourceIdentifier? id) && id is not null ? id.ResourceType.ToString() : string.Empty;
        string? groupZone = input.GroupId is null ? null : DestinationCatalog.PrivateDnsZoneFor(resourceType, input.GroupId, input.HostName);
        if (groupZone is null)
        {
            return Skipped($"The support matrix names no private DNS zone for {resourceType} groupId {input.GroupId} (host {input.HostName}).");
        }

        PrivateEndpointOperation operation = await dns.BeginSetPrivateDnsZoneGroupAsync(input.EndpointName, [groupZone], CancellationToken.None);
        return new PrivateDnsRegistration([], OwnedByService: false, null, groupZone, operation);
    }

    private static PrivateDnsRegistration Skipped(string why) => new([], OwnedByService: false, why);
}

/// <summary>One endpoint whose names to register in private DNS, once its addresses are known.</summary>
/// <param name="DestinationId">The destination.</param>
/// <param name="DestinationType">Its type (the support matrix decides the zone).</param>
/// <param name="TargetResourceId">The target's resource ID or Private Link Service alias.</param>
/// <param name="EndpointName">The endpoint.</param>
/// <param name="GroupId">The endpoint's groupId; null for a Private Link Service.</param>
/// <param name="HostName">The host name clients use through this endpoint.</param>
/// <param name="PrivateIpAddresses">The endpoint's private addresses.</param>
public sealed record RegisterPrivateDnsInput(
    string DestinationId,
    DestinationType DestinationType,
    string TargetResourceId,
    string EndpointName,
    string? GroupId,
    string HostName,
    IReadOnlyList<string> PrivateIpAddresses);

/// <summary>Reads the A records Azure keeps for an endpoint's zone group (FQDN → private IP).</summary>
public sealed class GetPrivateDnsRecordsActivity(IPrivateDnsClient dns) : TaskActivity<string, IReadOnlyList<PrivateDnsRecord>?>
{
    /// <inheritdoc/>
    public override Task<IReadOnlyList<PrivateDnsRecord>?> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        return dns.GetPrivateDnsZoneGroupRecordsAsync(endpointName, CancellationToken.None);
    }
}

/// <summary>Deletes an A record the service wrote for a Private Link Service target (nothing to do when it is gone).</summary>
public sealed class DeletePrivateDnsRecordActivity(IPrivateDnsClient dns, ILogger<DeletePrivateDnsRecordActivity> logger) : TaskActivity<PrivateDnsRecord, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, PrivateDnsRecord record)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(record);
        bool deleted = await dns.DeleteARecordAsync(record.Zone, record.RecordSetName, CancellationToken.None);
        PrivateDnsActivityLog.RecordRemoved(logger, context.InstanceId, record.Fqdn, deleted);
        return deleted;
    }
}

/// <summary>The private DNS activities' and step's log messages.</summary>
internal static partial class PrivateDnsActivityLog
{
    [LoggerMessage(EventId = 5120, Level = LogLevel.Information, Message = "{InstanceId}: destination {DestinationId} name {Fqdn} registered for {IpAddresses}")]
    public static partial void RecordRegistered(ILogger logger, string instanceId, string destinationId, string fqdn, string ipAddresses);

    [LoggerMessage(EventId = 5121, Level = LogLevel.Information, Message = "{InstanceId}: private DNS record {Fqdn} removed: {Deleted}")]
    public static partial void RecordRemoved(ILogger logger, string instanceId, string fqdn, bool deleted);

    [LoggerMessage(EventId = 5122, Level = LogLevel.Warning, Message = "{InstanceId}: destination {DestinationId} endpoint {EndpointName} private DNS not registered: {Reason}")]
    public static partial void NotRegistered(ILogger logger, string instanceId, string destinationId, string endpointName, string reason);
}
