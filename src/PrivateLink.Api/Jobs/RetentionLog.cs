using Microsoft.Extensions.Logging;
using PrivateLink.Api.Jobs;

namespace PrivateLink.Api;

// Retention's messages: event ids 4200-4249 (docs/logging.md has the table of ranges).
internal static partial class Log
{
    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Retention: {Finished} finished onboardings older than {FinishedAfter}, {Kept} kept (endpoint held), {Purged} purged, {Failed} failed")]
    public static partial void RetentionPass(ILogger logger, int finished, TimeSpan finishedAfter, int kept, int purged, int failed);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Retention: purged instance {InstanceId} of destination {DestinationId} ({Stage}, last updated {LastUpdatedAt:O}); its record is kept")]
    public static partial void RetentionPurged(ILogger logger, string instanceId, string destinationId, string stage, DateTimeOffset lastUpdatedAt);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "Retention: could not write the record of destination {DestinationId}; instance {InstanceId} is not purged, the next pass tries again ({ExceptionType}: {Message})")]
    public static partial void RetentionRecordFailed(ILogger logger, string destinationId, string instanceId, string exceptionType, string message);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Warning, Message = "Retention: could not purge instance {InstanceId} of destination {DestinationId}; its record is written, the next pass tries again ({ExceptionType}: {Message})")]
    public static partial void RetentionPurgeFailed(ILogger logger, string instanceId, string destinationId, string exceptionType, string message);

    [LoggerMessage(EventId = 4204, Level = LogLevel.Information, Message = "Retention: instance {InstanceId} of destination {DestinationId} changed since it was listed (now {RuntimeStatus}); not purged")]
    public static partial void RetentionChanged(ILogger logger, string instanceId, string destinationId, string runtimeStatus);

    [LoggerMessage(EventId = 4205, Level = LogLevel.Error, Message = "Retention pass failed ({ExceptionType}); the next interval tries again: {Message}")]
    public static partial void RetentionPassFailed(ILogger logger, string exceptionType, string message, Exception exception);
}
