using Microsoft.Extensions.Logging;

namespace PrivateLink.Arm;

/// <summary>The ARM adapter's log messages (event ids 3000-3099; docs/logging.md has the table of ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Read target {TargetResourceId} of type {ResourceType}: {GroupIdCount} groupIds")]
    public static partial void TargetRead(ILogger logger, string targetResourceId, string resourceType, int groupIdCount);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Target {TargetResourceId} does not exist")]
    public static partial void TargetNotFound(ILogger logger, string targetResourceId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Target {TargetResourceId} does not list privateLinkResources (status {Status})")]
    public static partial void GroupIdsNotExposed(ILogger logger, string targetResourceId, int status);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Creating private endpoint {EndpointName} for destination {DestinationId} to {TargetResourceId} ({GroupId})")]
    public static partial void EndpointCreating(ILogger logger, string endpointName, string destinationId, string targetResourceId, string? groupId);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Private endpoint {EndpointName} for destination {DestinationId} provisioned; connection {ConnectionStatus}")]
    public static partial void EndpointCreated(ILogger logger, string endpointName, string destinationId, ConnectionStatus connectionStatus);

    [LoggerMessage(EventId = 3012, Level = LogLevel.Warning, Message = "Private endpoint {EndpointName} for destination {DestinationId} failed provisioning: {ErrorCode}")]
    public static partial void EndpointProvisioningFailed(ILogger logger, string endpointName, string destinationId, string? errorCode);

    [LoggerMessage(EventId = 3013, Level = LogLevel.Warning, Message = "Request message for destination {DestinationId} truncated from {Length} to {MaxLength} characters")]
    public static partial void RequestMessageTruncated(ILogger logger, string destinationId, int length, int maxLength);

    [LoggerMessage(EventId = 3020, Level = LogLevel.Information, Message = "Private endpoint {EndpointName} deleted")]
    public static partial void EndpointDeleted(ILogger logger, string endpointName);

    [LoggerMessage(EventId = 3021, Level = LogLevel.Information, Message = "Private endpoint {EndpointName} did not exist; nothing to delete")]
    public static partial void EndpointAlreadyGone(ILogger logger, string endpointName);

    [LoggerMessage(EventId = 3030, Level = LogLevel.Debug, Message = "Listed {OwnedCount} owned private endpoints out of {TotalCount} in {PageCount} pages")]
    public static partial void OwnedEndpointsListed(ILogger logger, int ownedCount, int totalCount, int pageCount);

    [LoggerMessage(EventId = 3090, Level = LogLevel.Warning, Message = "ARM {Operation} on {ResourceId} failed with {Status} {ErrorCode}")]
    public static partial void ArmCallFailed(ILogger logger, string operation, string resourceId, int status, string? errorCode);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Target {TargetResourceId} could not be read ({Status} {ErrorCode}); continuing without verifying it")]
    public static partial void TargetUnreadable(ILogger logger, string targetResourceId, int status, string? errorCode);

    [LoggerMessage(EventId = 3014, Level = LogLevel.Information, Message = "Private endpoint {EndpointName} for destination {DestinationId}: PUT answered {Status}, provisioningState {ProvisioningState}")]
    public static partial void EndpointCreateStarted(ILogger logger, string endpointName, string destinationId, int status, string provisioningState);

    [LoggerMessage(EventId = 3022, Level = LogLevel.Information, Message = "Private endpoint {EndpointName}: DELETE answered {Status}")]
    public static partial void EndpointDeleteStarted(ILogger logger, string endpointName, int status);
}
