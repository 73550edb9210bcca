using Azure.Core;
using Azure.Core.Pipeline;

namespace PrivateLink.Arm;

/// <summary>Azure.Core's retry policy (exponential back-off, honours <c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>) that also retries ARM's 409 <c>RetryableErrorDueToAnotherOperation</c> and <c>AnotherOperationInProgress</c>.</summary>
/// <remarks>The attempt count is kept on the message, because the pipeline's own counter is not public and the extra 409 rule must respect the same limit.</remarks>
internal sealed class ArmRetryPolicy : RetryPolicy
{
    private const string RetriesProperty = "PrivateLink.Arm.Retries";

    private readonly int maxRetries;

    public ArmRetryPolicy(int maxRetries, DelayStrategy delayStrategy)
        : base(maxRetries, delayStrategy)
    {
        this.maxRetries = maxRetries;
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        Count(message, base.ShouldRetry(message, exception));

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        Count(message, await base.ShouldRetryAsync(message, exception).ConfigureAwait(false));

    private bool Count(HttpMessage message, bool azureCoreWouldRetry)
    {
        int retries = message.TryGetProperty(RetriesProperty, out object? value) && value is int count ? count : 0;
        bool retry = retries < maxRetries && (azureCoreWouldRetry || IsAnotherOperation(message));
        if (retry)
        {
            message.SetProperty(RetriesProperty, retries + 1);
        }

        return retry;
    }

    private static bool IsAnotherOperation(HttpMessage message) =>
        message.HasResponse && message.Response.Status == 409
        && ArmErrors.ReadError(message.Response).Code is ArmErrors.AnotherOperationCode or ArmErrors.AnotherOperationInProgressCode;
}
