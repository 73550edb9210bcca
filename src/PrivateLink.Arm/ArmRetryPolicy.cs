using Azure.Core;
using Azure.Core.Pipeline;

namespace PrivateLink.Arm;

/// <summary>Azure.Core's retry policy (exponential back-off, honours <c>Retry-After</c>, <c>retry-after-ms</c>, <c>x-ms-retry-after-ms</c>) that also retries ARM's 409 <c>RetryableErrorDueToAnotherOperation</c>.</summary>
internal sealed class ArmRetryPolicy : RetryPolicy
{
    public ArmRetryPolicy(int maxRetries, DelayStrategy delayStrategy)
        : base(maxRetries, delayStrategy)
    {
    }

    protected override bool ShouldRetry(HttpMessage message, Exception? exception) =>
        base.ShouldRetry(message, exception) || IsAnotherOperation(message);

    protected override async ValueTask<bool> ShouldRetryAsync(HttpMessage message, Exception? exception) =>
        await base.ShouldRetryAsync(message, exception).ConfigureAwait(false) || IsAnotherOperation(message);

    private static bool IsAnotherOperation(HttpMessage message) =>
        message.HasResponse && message.Response.Status == 409 && ArmErrors.ReadError(message.Response).Code == ArmErrors.AnotherOperationCode;
}
