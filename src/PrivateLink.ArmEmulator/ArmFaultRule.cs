using System.Text.RegularExpressions;

namespace PrivateLink.ArmEmulator;

/// <summary>A fault the emulator injects into requests whose method and path match.</summary>
/// <remarks>
/// Rules are checked in the order they were added; the first one that matches and still has applications left
/// (<see cref="Count"/>) and wins its draw (<see cref="Probability"/>) applies. Paths are matched without the query string.
/// </remarks>
public sealed class ArmFaultRule
{
    private int applied;

    /// <summary>Gets the HTTP method to match; null matches every method.</summary>
    public string? Method { get; init; }

    /// <summary>Gets the regular expression (case-insensitive) the request path must match.</summary>
    public required string PathPattern { get; init; }

    /// <summary>Gets what the fault does.</summary>
    /// <value>The default is <see cref="ArmFaultKind.Error"/>.</value>
    public ArmFaultKind Kind { get; init; } = ArmFaultKind.Error;

    /// <summary>Gets the HTTP status of an <see cref="ArmFaultKind.Error"/> answer.</summary>
    /// <value>The default is 500.</value>
    public int StatusCode { get; init; } = 500;

    /// <summary>Gets the ARM error code written into the error body.</summary>
    /// <value>The default is <c>InternalServerError</c>.</value>
    public string ErrorCode { get; init; } = "InternalServerError";

    /// <summary>Gets the ARM error message written into the error body.</summary>
    /// <value>The default is a generic message naming the injected fault.</value>
    public string ErrorMessage { get; init; } = "Fault injected by the ARM emulator.";

    /// <summary>Gets the delay sent as <c>Retry-After</c> (whole seconds, rounded up); null sends none.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>Gets the delay sent as <c>x-ms-retry-after-ms</c>; null sends none.</summary>
    public TimeSpan? RetryAfterMilliseconds { get; init; }

    /// <summary>Gets how long a <see cref="ArmFaultKind.Delay"/> fault waits.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Gets how many times the rule applies; null applies it forever.</summary>
    public int? Count { get; init; }

    /// <summary>Gets the chance (0 to 1) that a matching request is faulted.</summary>
    /// <value>The default is 1 (always).</value>
    public double Probability { get; init; } = 1.0;

    /// <summary>Gets how many times the rule has applied.</summary>
    public int Applied => Volatile.Read(ref applied);

    /// <summary>Creates a throttling rule: 429 <c>SubscriptionRequestsThrottled</c> with a <c>Retry-After</c> header.</summary>
    /// <param name="method">The method to match; null for any.</param>
    /// <param name="pathPattern">The path regular expression.</param>
    /// <param name="retryAfter">The delay the answer asks for.</param>
    /// <param name="count">How many requests to throttle; null for all.</param>
    /// <param name="inMilliseconds">True to send <c>x-ms-retry-after-ms</c> instead of <c>Retry-After</c>.</param>
    /// <returns>The rule.</returns>
    public static ArmFaultRule Throttle(string? method, string pathPattern, TimeSpan retryAfter, int? count, bool inMilliseconds = false) => new()
    {
        Method = method,
        PathPattern = pathPattern,
        StatusCode = 429,
        ErrorCode = "SubscriptionRequestsThrottled",
        ErrorMessage = "Number of requests for subscription exceeded the limit. Please try again later.",
        RetryAfter = inMilliseconds ? null : retryAfter,
        RetryAfterMilliseconds = inMilliseconds ? retryAfter : null,
        Count = count,
    };

    /// <summary>Creates a server error rule (500 <c>InternalServerError</c>, 503 <c>ServiceUnavailable</c>, ...).</summary>
    /// <param name="method">The method to match; null for any.</param>
    /// <param name="pathPattern">The path regular expression.</param>
    /// <param name="statusCode">The 5xx status.</param>
    /// <param name="count">How many requests to fail; null for all.</param>
    /// <returns>The rule.</returns>
    public static ArmFaultRule ServerError(string? method, string pathPattern, int statusCode, int? count) => new()
    {
        Method = method,
        PathPattern = pathPattern,
        StatusCode = statusCode,
        ErrorCode = statusCode == 503 ? "ServiceUnavailable" : "InternalServerError",
        Count = count,
    };

    /// <summary>Creates the 409 <c>RetryableErrorDueToAnotherOperation</c> ARM answers while another operation holds the resource.</summary>
    /// <param name="method">The method to match; null for any.</param>
    /// <param name="pathPattern">The path regular expression.</param>
    /// <param name="count">How many requests to refuse; null for all.</param>
    /// <returns>The rule.</returns>
    public static ArmFaultRule AnotherOperationInProgress(string? method, string pathPattern, int? count) => new()
    {
        Method = method,
        PathPattern = pathPattern,
        StatusCode = 409,
        ErrorCode = "RetryableErrorDueToAnotherOperation",
        ErrorMessage = "Operation is not allowed because another operation is in progress on the resource. Retry later.",
        Count = count,
    };

    /// <summary>Creates a rule that slows matching requests down.</summary>
    /// <param name="method">The method to match; null for any.</param>
    /// <param name="pathPattern">The path regular expression.</param>
    /// <param name="delay">How long to wait before answering.</param>
    /// <param name="count">How many requests to slow; null for all.</param>
    /// <returns>The rule.</returns>
    public static ArmFaultRule Slow(string? method, string pathPattern, TimeSpan delay, int? count) => new()
    {
        Method = method,
        PathPattern = pathPattern,
        Kind = ArmFaultKind.Delay,
        Delay = delay,
        Count = count,
    };

    /// <summary>Creates a rule that makes matching private endpoint PUTs end with provisioning Failed.</summary>
    /// <param name="pathPattern">The path regular expression (e.g. the endpoint's name).</param>
    /// <param name="errorCode">The error code of the failed operation.</param>
    /// <param name="count">How many creations to fail; null for all.</param>
    /// <returns>The rule.</returns>
    public static ArmFaultRule FailProvisioning(string pathPattern, string errorCode, int? count) => new()
    {
        Method = "PUT",
        PathPattern = pathPattern,
        Kind = ArmFaultKind.ProvisioningFailed,
        ErrorCode = errorCode,
        ErrorMessage = "Private endpoint provisioning failed (injected by the ARM emulator).",
        Count = count,
    };

    internal bool TryApply(string method, string path, Random random)
    {
        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (!Regex.IsMatch(path, PathPattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
        {
            return false;
        }

        if (Count is int limit && Applied >= limit)
        {
            return false;
        }

        if (Probability < 1.0 && random.NextDouble() >= Probability)
        {
            return false;
        }

        Interlocked.Increment(ref applied);
        return true;
    }
}
