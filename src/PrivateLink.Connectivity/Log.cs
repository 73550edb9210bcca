using Microsoft.Extensions.Logging;

namespace PrivateLink.Connectivity;

/// <summary>The probes' log messages (event ids 2000-2099; docs/logging.md has the table of ranges).</summary>
/// <remarks>The probe has no orchestration instance id of its own: the calling activity adds {InstanceId} through its logging scope.</remarks>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Debug,
        Message = "Probing {Protocol} on {Host}:{Port} for destination {DestinationId} (TLS required: {RequireTls}, mode {TlsMode})")]
    public static partial void ProbeStarting(ILogger logger, ProbeProtocol protocol, string host, int port, string? destinationId, bool requireTls, ProbeTlsMode tlsMode);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Information,
        Message = "Probe of {Protocol} on {Host}:{Port} for destination {DestinationId} succeeded: {Detail}")]
    public static partial void ProbeCompleted(ILogger logger, ProbeProtocol protocol, string host, int port, string? destinationId, string detail);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Warning,
        Message = "Probe of {Protocol} on {Host}:{Port} for destination {DestinationId} used clear text because TLS failed: {TlsFailureReason}")]
    public static partial void ProbeFellBackToClearText(ILogger logger, ProbeProtocol protocol, string host, int port, string? destinationId, string tlsFailureReason);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning,
        Message = "Probe of {Protocol} on {Host}:{Port} for destination {DestinationId} failed with {Status}: {Detail}")]
    public static partial void ProbeFailed(ILogger logger, ProbeProtocol protocol, string host, int port, string? destinationId, ProbeStatus status, string detail);

    [LoggerMessage(EventId = 5150, Level = LogLevel.Warning,
        Message = "Name check of {Host} for destination {DestinationId}: {Outcome} (strict: {Strict}): {Detail}")]
    public static partial void NameNotPrivate(ILogger logger, string host, string? destinationId, NameResolution.NameResolutionOutcome outcome, bool strict, string detail);
}
