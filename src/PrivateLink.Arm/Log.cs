using Microsoft.Extensions.Logging;

namespace PrivateLink.Arm;

/// <summary>The ARM adapter's log messages.</summary>
internal static partial class Log
{
    [LoggerMessage(EventIds.TargetRead, LogLevel.Information, "Read target {TargetResourceId} of type {ResourceType}: {GroupIdCount} groupIds")]
    public static partial void TargetRead(ILogger logger, string targetResourceId, string resourceType, int groupIdCount);

    [LoggerMessage(EventIds.TargetNotFound, LogLevel.Information, "Target {TargetResourceId} does not exist")]
    public static partial void TargetNotFound(ILogger logger, string targetResourceId);

    [LoggerMessage(EventIds.GroupIdsNotExposed, LogLevel.Information, "Target {TargetResourceId} does not list privateLinkResources (status {Status})")]
    public static partial void GroupIdsNotExposed(ILogger logger, string targetResourceId, int status);

    [LoggerMessage(EventIds.EndpointCreating, LogLevel.Information, "Creating private endpoint {EndpointName} for destination {DestinationId} to {TargetResourceId} ({GroupId})")]
    public static partial void EndpointCreating(ILogger logger, string endpointName, string destinationId, string targetResourceId, string? groupId);

    [LoggerMessage(EventIds.EndpointCreated, LogLevel.Information, "Private endpoint {EndpointName} for destination {DestinationId} provisioned; connection {ConnectionStatus}")]
    public static partial void EndpointCreated(ILogger logger, string endpointName, string destinationId, ConnectionStatus connectionStatus);

    [LoggerMessage(EventIds.EndpointProvisioningFailed, LogLevel.Warning, "Private endpoint {EndpointName} for destination {DestinationId} failed provisioning: {ErrorCode}")]
    public static partial void EndpointProvisioningFailed(ILogger logger, string endpointName, string destinationId, string? errorCode);

    [LoggerMessage(EventIds.RequestMessageTruncated, LogLevel.Warning, "Request message for destination {DestinationId} truncated from {Length} to {MaxLength} characters")]
    public static partial void RequestMessageTruncated(ILogger logger, string destinationId, int length, int maxLength);

    [LoggerMessage(EventIds.EndpointDeleted, LogLevel.Information, "Private endpoint {EndpointName} deleted")]
    public static partial void EndpointDeleted(ILogger logger, string endpointName);

    [LoggerMessage(EventIds.EndpointAlreadyGone, LogLevel.Information, "Private endpoint {EndpointName} did not exist; nothing to delete")]
    public static partial void EndpointAlreadyGone(ILogger logger, string endpointName);

    [LoggerMessage(EventIds.OwnedEndpointsListed, LogLevel.Debug, "Listed {OwnedCount} owned private endpoints out of {TotalCount} in {PageCount} pages")]
    public static partial void OwnedEndpointsListed(ILogger logger, int ownedCount, int totalCount, int pageCount);

    [LoggerMessage(EventIds.ArmCallFailed, LogLevel.Warning, "ARM {Operation} on {ResourceId} failed with {Status} {ErrorCode}")]
    public static partial void ArmCallFailed(ILogger logger, string operation, string resourceId, int status, string? errorCode);

    [LoggerMessage(EventIds.TargetUnreadable, LogLevel.Information, "Target {TargetResourceId} could not be read ({Status} {ErrorCode}); continuing without verifying it")]
    public static partial void TargetUnreadable(ILogger logger, string targetResourceId, int status, string? errorCode);

    [LoggerMessage(EventIds.EndpointCreateStarted, LogLevel.Information, "Private endpoint {EndpointName} for destination {DestinationId}: PUT answered {Status}, provisioningState {ProvisioningState}")]
    public static partial void EndpointCreateStarted(ILogger logger, string endpointName, string destinationId, int status, string provisioningState);

    [LoggerMessage(EventIds.EndpointDeleteStarted, LogLevel.Information, "Private endpoint {EndpointName}: DELETE answered {Status}")]
    public static partial void EndpointDeleteStarted(ILogger logger, string endpointName, int status);
}
