using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding;

/// <summary>Log messages of the workflow, its activities and the callback (event ids 1000-1099; docs/logging.md has the table of ranges).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId} entered {Stage}: {Detail}")]
    public static partial void StageEntered(ILogger logger, string instanceId, string destinationId, string stage, string? detail);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: target valid={IsValid} groupId={GroupId} reason={Reason}")]
    public static partial void TargetValidated(ILogger logger, string instanceId, string destinationId, bool isValid, string? groupId, string? reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: endpoint {EndpointName} provisioned, connection {ConnectionStatus}")]
    public static partial void EndpointCreated(ILogger logger, string instanceId, string destinationId, string endpointName, string connectionStatus);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "Onboarding {InstanceId}: endpoint {EndpointName} connection is {ConnectionStatus} in ARM")]
    public static partial void ConnectionStateRead(ILogger logger, string instanceId, string endpointName, string connectionStatus);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Onboarding {InstanceId}: endpoint {EndpointName} deleted (existed={Existed})")]
    public static partial void EndpointDeleted(ILogger logger, string instanceId, string endpointName, bool existed);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Information, Message = "Onboarding {InstanceId}: probe {Host}:{Port} {Status}: {Detail}")]
    public static partial void PortProbed(ILogger logger, string instanceId, string host, int port, string status, string detail);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: event {Stage} delivered to {SinkCount} sinks")]
    public static partial void EventPublished(ILogger logger, string instanceId, string destinationId, string stage, int sinkCount);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Warning, Message = "Callback for {DestinationId} to {Host} refused with {StatusCode}; not retried")]
    public static partial void CallbackRefused(ILogger logger, string destinationId, string host, int statusCode);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: connection-state event from {Source} ignored, ARM says {ConnectionStatus}")]
    public static partial void ApprovalEventNotConfirmed(ILogger logger, string instanceId, string destinationId, string source, string connectionStatus);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Error, Message = "Onboarding {InstanceId} for {DestinationId} failed: {Reason}")]
    public static partial void WorkflowFailed(ILogger logger, string instanceId, string destinationId, string reason);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: {Stage} caused by {ActorObjectId} (app {ActorAppId}, {ActorDisplayName})")]
    public static partial void StageCausedBy(ILogger logger, string instanceId, string destinationId, string stage, string actorObjectId, string? actorAppId, string? actorDisplayName);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Onboarding {InstanceId} for {DestinationId}: {Count} approval notifications ARM did not confirm; further notifications are ignored and ARM is read every {Interval} until the deadline")]
    public static partial void ApprovalNotificationsIgnored(ILogger logger, string instanceId, string destinationId, int count, TimeSpan interval);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Warning, Message = "Callback for {DestinationId} to {Host} not sent: host not in Callbacks:AllowedHosts, scheme not allowed, or no signing secret")]
    public static partial void CallbackNotAllowed(ILogger logger, string destinationId, string host);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Warning, Message = "Callback for {DestinationId} to {Host} not sent: the host resolves only to refused addresses (loopback, private, link-local, CGNAT, metadata)")]
    public static partial void CallbackAddressRefused(ILogger logger, string destinationId, string host);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Warning, Message = "Callback for {DestinationId} to {Host} failed ({Error}); retried")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string destinationId, string host, string error);

    [LoggerMessage(EventId = 1014, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: PUT of endpoint {EndpointName} accepted, provisioning {ProvisioningState}")]
    public static partial void EndpointCreateStarted(ILogger logger, string instanceId, string destinationId, string endpointName, string provisioningState);

    [LoggerMessage(EventId = 1015, Level = LogLevel.Warning, Message = "Onboarding {InstanceId}: ARM deferred a call on endpoint {EndpointName} ({Status} {ErrorCode}); the workflow retries after a durable wait")]
    public static partial void EndpointWriteDeferred(ILogger logger, string instanceId, string endpointName, int status, string? errorCode);

    [LoggerMessage(EventId = 1016, Level = LogLevel.Debug, Message = "Onboarding {InstanceId}: {Kind} of endpoint {EndpointName} is {State} {ErrorCode}")]
    public static partial void OperationPolled(ILogger logger, string instanceId, string endpointName, string kind, string state, string? errorCode);

    [LoggerMessage(EventId = 1017, Level = LogLevel.Warning, Message = "Onboarding {InstanceId} for {DestinationId}: endpoint {EndpointName} {Action} after {Code}; attempt {Attempt}")]
    public static partial void EndpointWriteRetried(ILogger logger, string instanceId, string destinationId, string endpointName, string action, string? code, int attempt);
}
