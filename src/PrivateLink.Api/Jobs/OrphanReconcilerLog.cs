using Microsoft.Extensions.Logging;
using PrivateLink.Api.Jobs;

namespace PrivateLink.Api;

// The orphan reconciler's messages: event ids 4150-4199 (docs/logging.md has the table of ranges).
internal static partial class Log
{
    [LoggerMessage(EventId = 4150, Level = LogLevel.Information, Message = "Orphan reconciler: {OwnedEndpoints} owned endpoints, {Orphans} orphaned, {WithinGracePeriod} within the grace period, {Deleted} deleted, {DeleteFailed} deletions failed")]
    public static partial void OrphanReconcilerPass(ILogger logger, int ownedEndpoints, int orphans, int withinGracePeriod, int deleted, int deleteFailed);

    [LoggerMessage(EventId = 4151, Level = LogLevel.Warning, Message = "Orphan reconciler: endpoint {EndpointName} of destination {DestinationId} is orphaned ({Reason}); it will be deleted after {DeleteAfter:O} if it still is")]
    public static partial void OrphanSighted(ILogger logger, string endpointName, string destinationId, string reason, DateTimeOffset deleteAfter);

    [LoggerMessage(EventId = 4152, Level = LogLevel.Warning, Message = "Orphan reconciler: deleted endpoint {EndpointName} of destination {DestinationId} ({Reason}, orphaned since {FirstSeen:O}; existed: {Existed})")]
    public static partial void OrphanDeleted(ILogger logger, string endpointName, string destinationId, string reason, DateTimeOffset firstSeen, bool existed);

    [LoggerMessage(EventId = 4153, Level = LogLevel.Warning, Message = "Orphan reconciler: could not delete endpoint {EndpointName} of destination {DestinationId} ({Reason}); the next pass tries again: ARM answered {Status} {ErrorCode}: {Message}")]
    public static partial void OrphanDeleteFailed(ILogger logger, string endpointName, string destinationId, string reason, int status, string errorCode, string message);

    [LoggerMessage(EventId = 4154, Level = LogLevel.Error, Message = "Orphan reconciler pass failed ({ExceptionType}); the next interval tries again: {Message}")]
    public static partial void OrphanReconcilerPassFailed(ILogger logger, string exceptionType, string message, Exception exception);
}
