using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding;

/// <summary>Log messages of the workflow (event ids 1000-1999).</summary>
internal static partial class Log
{
    [LoggerMessage(1000, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId} entered {Stage}: {Detail}")]
    public static partial void StageEntered(ILogger logger, string instanceId, string destinationId, string stage, string? detail);

    [LoggerMessage(1001, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: target valid={IsValid} groupId={GroupId} reason={Reason}")]
    public static partial void TargetValidated(ILogger logger, string instanceId, string destinationId, bool isValid, string? groupId, string? reason);

    [LoggerMessage(1002, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: endpoint {EndpointName} provisioned, connection {ConnectionStatus}")]
    public static partial void EndpointCreated(ILogger logger, string instanceId, string destinationId, string endpointName, string connectionStatus);

    [LoggerMessage(1003, LogLevel.Information, "Onboarding {InstanceId}: endpoint {EndpointName} connection is {ConnectionStatus} in ARM")]
    public static partial void ConnectionStateRead(ILogger logger, string instanceId, string endpointName, string connectionStatus);

    [LoggerMessage(1004, LogLevel.Information, "Onboarding {InstanceId}: endpoint {EndpointName} deleted (existed={Existed})")]
    public static partial void EndpointDeleted(ILogger logger, string instanceId, string endpointName, bool existed);

    [LoggerMessage(1005, LogLevel.Information, "Onboarding {InstanceId}: probe {Host}:{Port} {Status}: {Detail}")]
    public static partial void PortProbed(ILogger logger, string instanceId, string host, int port, string status, string detail);

    [LoggerMessage(1006, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: event {Stage} delivered to {SinkCount} sinks")]
    public static partial void EventPublished(ILogger logger, string instanceId, string destinationId, string stage, int sinkCount);

    [LoggerMessage(1007, LogLevel.Warning, "Callback for {DestinationId} to {Host} refused with {StatusCode}; not retried")]
    public static partial void CallbackRefused(ILogger logger, string destinationId, string host, int statusCode);

    [LoggerMessage(1008, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: connection-state event from {Source} ignored, ARM says {ConnectionStatus}")]
    public static partial void ApprovalEventNotConfirmed(ILogger logger, string instanceId, string destinationId, string source, string connectionStatus);

    [LoggerMessage(1009, LogLevel.Error, "Onboarding {InstanceId} for {DestinationId} failed: {Reason}")]
    public static partial void WorkflowFailed(ILogger logger, string instanceId, string destinationId, string reason);

    [LoggerMessage(1010, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: {Stage} caused by {ActorObjectId} (app {ActorAppId}, {ActorDisplayName})")]
    public static partial void StageCausedBy(ILogger logger, string instanceId, string destinationId, string stage, string actorObjectId, string? actorAppId, string? actorDisplayName);

    [LoggerMessage(1011, LogLevel.Warning, "Onboarding {InstanceId} for {DestinationId}: {Count} approval notifications ARM did not confirm; further notifications are ignored and ARM is read every {Interval} until the deadline")]
    public static partial void ApprovalNotificationsIgnored(ILogger logger, string instanceId, string destinationId, int count, TimeSpan interval);

    [LoggerMessage(1020, LogLevel.Warning, "Callback for {DestinationId} to {Host} not sent: host not in Callbacks:AllowedHosts, scheme not allowed, or no signing secret")]
    public static partial void CallbackNotAllowed(ILogger logger, string destinationId, string host);

    [LoggerMessage(1021, LogLevel.Warning, "Callback for {DestinationId} to {Host} not sent: the host resolves only to refused addresses (loopback, private, link-local, CGNAT, metadata)")]
    public static partial void CallbackAddressRefused(ILogger logger, string destinationId, string host);

    [LoggerMessage(1022, LogLevel.Warning, "Callback for {DestinationId} to {Host} failed ({Error}); retried")]
    public static partial void CallbackFailed(ILogger logger, Exception exception, string destinationId, string host, string error);

    [LoggerMessage(1014, LogLevel.Information, "Onboarding {InstanceId} for {DestinationId}: PUT of endpoint {EndpointName} accepted, provisioning {ProvisioningState}")]
    public static partial void EndpointCreateStarted(ILogger logger, string instanceId, string destinationId, string endpointName, string provisioningState);

    [LoggerMessage(1015, LogLevel.Warning, "Onboarding {InstanceId}: ARM deferred a call on endpoint {EndpointName} ({Status} {ErrorCode}); the workflow retries after a durable wait")]
    public static partial void EndpointWriteDeferred(ILogger logger, string instanceId, string endpointName, int status, string? errorCode);

    [LoggerMessage(1016, LogLevel.Debug, "Onboarding {InstanceId}: {Kind} of endpoint {EndpointName} is {State} {ErrorCode}")]
    public static partial void OperationPolled(ILogger logger, string instanceId, string endpointName, string kind, string state, string? errorCode);

    [LoggerMessage(1017, LogLevel.Warning, "Onboarding {InstanceId} for {DestinationId}: endpoint {EndpointName} {Action} after {Code}; attempt {Attempt}")]
    public static partial void EndpointWriteRetried(ILogger logger, string instanceId, string destinationId, string endpointName, string action, string? code, int attempt);
}
