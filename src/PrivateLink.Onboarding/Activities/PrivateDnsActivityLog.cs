using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding.Activities;

/// <summary>The private DNS activities' and step's log messages.</summary>
internal static partial class PrivateDnsActivityLog
{
    [LoggerMessage(5120, LogLevel.Information, "{InstanceId}: destination {DestinationId} name {Fqdn} registered for {IpAddresses}")]
    public static partial void RecordRegistered(ILogger logger, string instanceId, string destinationId, string fqdn, string ipAddresses);

    [LoggerMessage(5121, LogLevel.Information, "{InstanceId}: private DNS record {Fqdn} removed: {Deleted}")]
    public static partial void RecordRemoved(ILogger logger, string instanceId, string fqdn, bool deleted);

    [LoggerMessage(5122, LogLevel.Warning, "{InstanceId}: destination {DestinationId} endpoint {EndpointName} private DNS not registered: {Reason}")]
    public static partial void NotRegistered(ILogger logger, string instanceId, string destinationId, string endpointName, string reason);
}
