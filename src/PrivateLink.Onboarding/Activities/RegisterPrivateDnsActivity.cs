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
/// </summary>
public sealed class RegisterPrivateDnsActivity(IPrivateDnsClient dns, IOptions<PrivateDnsOptions> options, ILogger<RegisterPrivateDnsActivity> logger)
    : TaskActivity<RegisterPrivateDnsInput, PrivateDnsStart>
{
    /// <inheritdoc/>
    public override async Task<PrivateDnsStart> RunAsync(TaskActivityContext context, RegisterPrivateDnsInput input)
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
            return new PrivateDnsStart(null, zone, new PrivateDnsRegistration([record], OwnedByService: true, null));
        }

        string resourceType = ResourceIdentifier.TryParse(input.TargetResourceId, out ResourceIdentifier? id) && id is not null ? id.ResourceType.ToString() : string.Empty;
        string? groupZone = input.GroupId is null ? null : DestinationCatalog.PrivateDnsZoneFor(resourceType, input.GroupId, input.HostName);
        if (groupZone is null)
        {
            return Skipped($"The support matrix names no private DNS zone for {resourceType} groupId {input.GroupId} (host {input.HostName}).");
        }

        PrivateEndpointOperation operation = await dns.BeginSetPrivateDnsZoneGroupAsync(input.EndpointName, [groupZone], CancellationToken.None);
        return new PrivateDnsStart(operation, groupZone, null);
    }

    private static PrivateDnsStart Skipped(string why) => new(null, null, new PrivateDnsRegistration([], OwnedByService: false, why));
}
