using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Inbound.Watcher;

/// <summary>Log messages of the approval watcher's health watch over Ready destinations (event ids 5220-5229).</summary>
internal static partial class WatcherLog
{
    [LoggerMessage(EventId = 5220, Level = LogLevel.Warning, Message = "Approval watcher: the endpoint of {Stage} destination {DestinationId} is not listed in ARM; health check started")]
    public static partial void EndpointNotListed(ILogger logger, string destinationId, string stage);

    [LoggerMessage(EventId = 5221, Level = LogLevel.Information, Message = "Approval watcher: health checks started: {Disconnected} disconnected, {Missing} endpoints not listed, {Reprobes} re-probes due")]
    public static partial void HealthChecksStarted(ILogger logger, int disconnected, int missing, int reprobes);
}
