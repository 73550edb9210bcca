namespace PrivateLink.Arm;

/// <summary>ARM refused a request (a 4xx other than 429) or a long-running operation ended Failed: retrying will not help.</summary>
public sealed class ArmRequestException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ArmRequestException"/> class.</summary>
    /// <param name="status">The HTTP status code (0 when the failure came from an operation's final status).</param>
    /// <param name="errorCode">ARM's error code.</param>
    /// <param name="message">ARM's message.</param>
    /// <param name="innerException">The SDK exception.</param>
    public ArmRequestException(int status, string? errorCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    /// <summary>Gets the HTTP status code.</summary>
    public int Status { get; }

    /// <summary>Gets ARM's error code.</summary>
    public string? ErrorCode { get; }
}
