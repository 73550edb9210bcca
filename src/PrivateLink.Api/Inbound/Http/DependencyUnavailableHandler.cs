using Azure;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace PrivateLink.Api.Inbound.Http;

/// <summary>
/// Answers 503 with <c>Retry-After</c> (problem details) when a request failed because an Azure service it needs did not answer:
/// the task hub's storage unreachable, throttling or failing. Without it such a request answered 500, which says "a bug" and
/// tells a client not to retry; every command is idempotent by destination id, so retrying is the cure.
/// </summary>
/// <remarks>
/// Recognised: an Azure SDK <see cref="RequestFailedException"/> with no status (no connection), 408, 429 or 5xx, anywhere in the
/// exception's inner exceptions (the storage client ends its retries with an <see cref="AggregateException"/> of them, and the
/// Durable Task backend may wrap that). Any other exception is left to the default handler (500). The answer names no host,
/// address or storage message: those stay in the log (event 4250).
/// </remarks>
internal sealed partial class DependencyUnavailableHandler(IProblemDetailsService problems, ILogger<DependencyUnavailableHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client is asked to wait before retrying.</summary>
    public const int RetryAfterSeconds = 5;

    /// <inheritdoc/>
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (UnavailableDependencyOf(exception) is not { } failure)
        {
            return false;
        }

        DependencyUnavailable(logger, httpContext.Request.Method, httpContext.Request.Path, failure.Status, exception);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "A service this request needs is unavailable",
                Detail = $"The service's task hub storage (or another Azure service it calls) did not answer. Retry in {RetryAfterSeconds} seconds: commands are idempotent by destination id.",
            },
        });
    }

    /// <summary>Finds the Azure SDK failure that says a dependency is unavailable, if that is why the request failed.</summary>
    /// <param name="exception">What the request threw.</param>
    /// <returns>The failure, or null when the exception is something else.</returns>
    internal static RequestFailedException? UnavailableDependencyOf(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        for (int seen = 0; pending.Count > 0 && seen < 64; seen++)
        {
            Exception current = pending.Pop();
            if (current is RequestFailedException { Status: 0 or 408 or 429 or >= 500 } failure)
            {
                return failure;
            }

            if (current is AggregateException aggregate)
            {
                foreach (Exception inner in aggregate.InnerExceptions)
                {
                    pending.Push(inner);
                }
            }
            else if (current.InnerException is not null)
            {
                pending.Push(current.InnerException);
            }
        }

        return null;
    }

    [LoggerMessage(EventId = 4250, Level = LogLevel.Error, Message = "{Method} {Path} answered 503: an Azure service did not answer (status {Status})")]
    private static partial void DependencyUnavailable(ILogger logger, string method, string path, int status, Exception exception);
}
