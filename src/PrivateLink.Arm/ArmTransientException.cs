namespace PrivateLink.Arm;

/// <summary>ARM throttled (429) or failed transiently (5xx, <c>RetryableErrorDueToAnotherOperation</c>): the call may be retried.</summary>
public sealed class ArmTransientException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ArmTransientException"/> class.</summary>
    /// <param name="status">The HTTP status code.</param>
    /// <param name="errorCode">ARM's error code, when it sent one.</param>
    /// <param name="message">ARM's message.</param>
    /// <param name="retryAfter">How long ARM asked the caller to wait, when it said.</param>
    /// <param name="innerException">The SDK exception.</param>
    public ArmTransientException(int status, string? errorCode, string message, TimeSpan? retryAfter, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
        RetryAfter = retryAfter;
    }

    /// <summary>Gets the HTTP status code.</summary>
    public int Status { get; }

    /// <summary>Gets ARM's error code, when it sent one.</summary>
    public string? ErrorCode { get; }

    /// <summary>Gets how long ARM asked the caller to wait, when it said.</summary>
    public TimeSpan? RetryAfter { get; }
}
