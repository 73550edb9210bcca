using Microsoft.Extensions.Logging;

namespace PrivateLink.Api;

/// <summary>Log messages of the shared API (event ids 4100-4199).</summary>
internal static partial class Log
{
    [LoggerMessage(4100, LogLevel.Information, "Approval watcher: {OwnedEndpoints} owned endpoints, {Waiting} waiting, {Raised} events raised, {Disconnected} ready destinations disconnected")]
    public static partial void WatcherPass(ILogger logger, int ownedEndpoints, int waiting, int raised, int disconnected);

    [LoggerMessage(4101, LogLevel.Warning, "Approval watcher: ready destination {DestinationId} is {ConnectionStatus} in ARM; health check started")]
    public static partial void ReadyDestinationDisconnected(ILogger logger, string destinationId, string connectionStatus);

    [LoggerMessage(4102, LogLevel.Warning, "Approval watcher pass skipped: ARM answered {Status}: {Message}")]
    public static partial void WatcherPassThrottled(ILogger logger, int status, string message);

    [LoggerMessage(4103, LogLevel.Warning, "Approval watcher pass refused: ARM answered {Status} {ErrorCode}: {Message}; retried next interval")]
    public static partial void WatcherPassRefused(ILogger logger, int status, string? errorCode, string message);

    [LoggerMessage(4104, LogLevel.Error, "Approval watcher pass failed; retried next interval")]
    public static partial void WatcherPassFailed(ILogger logger, Exception exception);
}
