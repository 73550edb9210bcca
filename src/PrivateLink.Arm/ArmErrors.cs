using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Identity;

namespace PrivateLink.Arm;

/// <summary>Maps SDK failures to <see cref="ArmTransientException"/> and <see cref="ArmRequestException"/>.</summary>
internal static class ArmErrors
{
    public const string AnotherOperationCode = "RetryableErrorDueToAnotherOperation";

    /// <summary>409 while another operation runs on the endpoint or a dependent resource (Azure Policy adding a DNS zone group, typically).</summary>
    public const string AnotherOperationInProgressCode = "AnotherOperationInProgress";

    /// <summary>403 from Azure Policy (tags, region, DNS rules).</summary>
    public const string RequestDisallowedByPolicyCode = "RequestDisallowedByPolicy";

    /// <summary>Codes of a failed operation that real ARM clears by itself: terraform re-PUTs on them.</summary>
    private static readonly HashSet<string> TransientOperationFailures = new(StringComparer.OrdinalIgnoreCase)
    {
        "RetryableError",
        "ConflictError",
        "StorageAccountOperationInProgress",
        "InvalidPrivateLinkServiceId",
        "Canceled",
        AnotherOperationCode,
        AnotherOperationInProgressCode,
    };

    /// <summary>Tells whether a failed operation's code is one a re-PUT (or re-DELETE) by name cures.</summary>
    public static bool IsTransientOperationFailure(string? code) => code is not null && TransientOperationFailures.Contains(code);

    /// <summary>Tells whether a 409 is ARM saying "another write is under way, come back later".</summary>
    public static bool IsTransientConflict(int status, string? code) =>
        status == 409 && code is not null
        && (code.Equals(AnotherOperationCode, StringComparison.OrdinalIgnoreCase)
            || code.Equals(AnotherOperationInProgressCode, StringComparison.OrdinalIgnoreCase)
            || code.Equals("Conflict", StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads <c>{"error":{"code","message"}}</c> (or a failed operation's <c>{"status":"Failed","error":{...}}</c>) from a response.</summary>
    public static (string? Code, string? Message) ReadError(Response? response)
    {
        if (response is null)
        {
            return (null, null);
        }

        try
        {
            BinaryData content = response.Content;
            if (content.ToMemory().IsEmpty)
            {
                return (null, null);
            }

            using JsonDocument document = JsonDocument.Parse(content);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out JsonElement error)
                && error.ValueKind == JsonValueKind.Object)
            {
                return (Text(error, "code"), Text(error, "message"));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // Not JSON (a proxy's HTML page, a streamed body): the status alone decides.
        }

        return (null, null);
    }

    /// <summary>Reads the delay ARM asked for: <c>x-ms-retry-after-ms</c>, <c>retry-after-ms</c>, then <c>Retry-After</c> (seconds or HTTP date).</summary>
    public static TimeSpan? ReadRetryAfter(Response? response, DateTimeOffset now)
    {
        if (response is null)
        {
            return null;
        }

        foreach (string header in (string[])["x-ms-retry-after-ms", "retry-after-ms"])
        {
            if (response.Headers.TryGetValue(header, out string? ms)
                && double.TryParse(ms, NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
            {
                return TimeSpan.FromMilliseconds(milliseconds);
            }
        }

        if (response.Headers.TryGetValue("Retry-After", out string? retryAfter))
        {
            if (int.TryParse(retryAfter, NumberStyles.None, CultureInfo.InvariantCulture, out int seconds))
            {
                return TimeSpan.FromSeconds(seconds);
            }

            if (DateTimeOffset.TryParse(retryAfter, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset when))
            {
                return when > now ? when - now : TimeSpan.Zero;
            }
        }

        return null;
    }

    /// <summary>Maps an SDK failure (after the SDK's own retries) to one of the adapter's two exception types.</summary>
    public static Exception Map(RequestFailedException ex, DateTimeOffset now)
    {
        Response? response = ex.GetRawResponse();
        (string? code, string? message) = ReadError(response);
        code ??= ex.ErrorCode;
        message ??= FirstLine(ex.Message);
        int status = ex.Status;

        // Status 0: no response at all (connection refused, reset, timeout): worth retrying.
        if (status == 0 || status == 408 || status == 429 || status >= 500 || code == AnotherOperationCode || IsTransientConflict(status, code))
        {
            return new ArmTransientException(status, code, message, ReadRetryAfter(response, now), ex);
        }

        if (string.Equals(code, RequestDisallowedByPolicyCode, StringComparison.OrdinalIgnoreCase))
        {
            return new ArmRequestException(status, code, $"Azure Policy in the service's subscription refused the request (RequestDisallowedByPolicy): {message}", ex);
        }

        // A 2xx here means a long-running operation answered Failed; the exception carries the operation's error.
        return new ArmRequestException(status is >= 200 and < 300 ? 0 : status, code, message, ex);
    }

    /// <summary>Maps a credential failure: managed identity endpoints fail transiently, so the workflow may retry.</summary>
    public static Exception Map(AuthenticationFailedException ex) =>
        new ArmTransientException(0, "AuthenticationFailed", FirstLine(ex.Message), retryAfter: null, ex);

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FirstLine(string text)
    {
        int newline = text.IndexOfAny(['\r', '\n']);
        return newline < 0 ? text : text[..newline];
    }
}

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
