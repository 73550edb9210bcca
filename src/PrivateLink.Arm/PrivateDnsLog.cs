using Microsoft.Extensions.Logging;

namespace PrivateLink.Arm;

/// <summary>The ARM adapter's private DNS log messages.</summary>
internal static partial class PrivateDnsLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Zone group of private endpoint {EndpointName} set to {Zones}: ARM answered {Status}")]
    public static partial void ZoneGroupPut(ILogger logger, string endpointName, string zones, int status);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "A record {RecordSetName} in zone {Zone} written for destination {DestinationId}: ARM answered {Status}")]
    public static partial void RecordWritten(ILogger logger, string recordSetName, string zone, string destinationId, int status);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Information, Message = "A record {RecordSetName} in zone {Zone} removed: {Deleted}")]
    public static partial void RecordDeleted(ILogger logger, string recordSetName, string zone, bool deleted);
}
