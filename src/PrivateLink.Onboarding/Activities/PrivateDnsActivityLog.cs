using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding.Activities;

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
