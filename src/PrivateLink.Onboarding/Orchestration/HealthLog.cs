using Microsoft.Extensions.Logging;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Log messages of the health watch after Ready and of approval reminders (event ids 5200-5219).</summary>
internal static partial class HealthLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Warning, Message = "Health check {InstanceId} for {DestinationId}: {From} -> {To} ({Reason})")]
    public static partial void HealthChanged(ILogger logger, string instanceId, string destinationId, string from, string to, string reason);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Health check {InstanceId} for {DestinationId} could not finish; the stage is kept and checked again next pass: {Reason}")]
    public static partial void HealthCheckFailed(ILogger logger, string instanceId, string destinationId, string reason);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Onboarding {InstanceId} for {DestinationId}: approval reminder sent {Offset} before the deadline")]
    public static partial void ApprovalReminderSent(ILogger logger, string instanceId, string destinationId, TimeSpan offset);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Onboarding {InstanceId} for {DestinationId}: approval reminder {Offset} before the deadline could not be delivered: {Reason}")]
    public static partial void ApprovalReminderFailed(ILogger logger, string instanceId, string destinationId, TimeSpan offset, string reason);
}
