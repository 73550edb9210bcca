using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Inbound.Http;

/// <summary>
/// The API's answer when a request failed because a service it needs did not answer (the task hub's storage unreachable,
/// throttling or failing): 503 problem details with <c>Retry-After</c>. Without it such a request answered 500, which says "a bug"
/// and tells a client not to retry; every command is idempotent by destination id, so retrying is the cure.
/// </summary>
/// <remarks>
/// The runner answers it through <see cref="DependencyUnavailableHandler"/>, the Functions app through its worker middleware (which
/// also knows the bound client's gRPC failures). The answer names no host, address or storage message: those stay in the log.
/// </remarks>
public static partial class DependencyUnavailable
{
    /// <summary>How long a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Finds the Azure SDK failure that says a dependency is unavailable, if that is why the request failed.</summary>
    /// <remarks>
    /// A <see cref="RequestFailedException"/> with no status (no connection), 408, 429 or 5xx, anywhere in the inner exceptions (the
    /// storage client ends its retries with an <see cref="AggregateException"/> of them, and the Durable Task backend may wrap that).
    /// </remarks>
    /// <param name="exception">What the request threw.</param>
    /// <returns>The failure, or null when the exception is something else.</returns>
    public static RequestFailedException? FailureOf(Exception exception) =>
        Causes(exception).OfType<RequestFailedException>().FirstOrDefault(f => f.Status is 0 or 408 or 429 or >= 500);

    /// <summary>Gets an exception and every exception inside it (inner exceptions, an aggregate's members), depth first, at most 64.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>The exceptions.</returns>
    public static IEnumerable<Exception> Causes(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var pending = new Stack<Exception>([exception]);
        for (int seen = 0; pending.Count > 0 && seen < 64; seen++)
        {
            Exception current = pending.Pop();
            yield return current;
            if (current is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions.Reverse())
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }
    }

    /// <summary>Writes the 503 answer, unless the response has started.</summary>
    /// <param name="http">The request.</param>
    /// <param name="exception">What it threw (logged, never answered).</param>
    /// <param name="status">The dependency's status as the failure gave it (0: no connection), for the log.</param>
    /// <param name="logger">The logger.</param>
    /// <returns>True when written.</returns>
    public static async Task<bool> WriteAsync(HttpContext http, Exception exception, int status, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(logger);
        Unavailable(logger, http.Request.Method, http.Request.Path, status, exception);
        if (http.Response.HasStarted)
        {
            return false;
        }

        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await http.Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Type = "https://tools.ietf.org/html/rfc9110#section-15.6.4",
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A service this request needs is unavailable",
                Detail = $"The service's task hub (or another Azure service it calls) did not answer. Retry in {RetryAfterSeconds} seconds: commands are idempotent by destination id.",
            },
            options: null,
            contentType: "application/problem+json").ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 4250, Level = LogLevel.Error, Message = "{Method} {Path} answered 503: a service it needs did not answer (status {Status})")]
    private static partial void Unavailable(ILogger logger, string method, string path, int status, Exception exception);
}

/// <summary>The runner's exception handler for <see cref="DependencyUnavailable"/>; any other exception is left to the default handler (500).</summary>
/// <param name="logger">The logger.</param>
internal sealed class DependencyUnavailableHandler(ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken) =>
        DependencyUnavailable.FailureOf(exception) is { } failure
        && await DependencyUnavailable.WriteAsync(httpContext, exception, failure.Status, logger).ConfigureAwait(false);
}
