using Microsoft.Extensions.Logging;

namespace PrivateLink.Api;

/// <summary>Log messages of the approval watcher (event ids 4100-4149) and the orphan reconciler (4150-4199); docs/logging.md has the table of ranges.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Information, Message = "Approval watcher: {OwnedEndpoints} owned endpoints, {Waiting} waiting, {Raised} events raised, {Disconnected} ready destinations disconnected")]
    public static partial void WatcherPass(ILogger logger, int ownedEndpoints, int waiting, int raised, int disconnected);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Approval watcher: ready destination {DestinationId} is {ConnectionStatus} in ARM; health check started")]
    public static partial void ReadyDestinationDisconnected(ILogger logger, string destinationId, string connectionStatus);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Warning, Message = "Approval watcher pass skipped: ARM answered {Status}: {Message}")]
    public static partial void WatcherPassThrottled(ILogger logger, int status, string message);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Approval watcher pass refused: ARM answered {Status} {ErrorCode}: {Message}; retried next interval")]
    public static partial void WatcherPassRefused(ILogger logger, int status, string? errorCode, string message);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Error, Message = "Approval watcher pass failed; retried next interval")]
    public static partial void WatcherPassFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 4130, Level = LogLevel.Information, Message = "Approval watcher: health sweep read {Onboardings} onboardings in {Queries} task-hub queries")]
    public static partial void WatcherHealthSweep(ILogger logger, int onboardings, int queries);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Debug, Message = "Approval watcher: {Waiting} waiting onboardings read in {Queries} task-hub queries; {Changed} destinations whose listed connection changed read by id")]
    public static partial void WatcherOrdinaryPass(ILogger logger, int waiting, int queries, int changed);
}
