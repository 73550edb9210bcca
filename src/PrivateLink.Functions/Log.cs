using Microsoft.Extensions.Logging;

namespace PrivateLink.Functions;

/// <summary>Log messages of the Functions host (event ids 4100–4199).</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "No approval watcher is registered; waiting onboardings learn of approvals only through the approval notification route.")]
    public static partial void NoApprovalWatcher(ILogger logger);
}
