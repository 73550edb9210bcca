using Grpc.Core;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;
using PrivateLink.Api.Inbound.Http;

namespace PrivateLink.Functions.Http;

/// <summary>
/// Answers an HTTP function's request with the API's 503 (<see cref="DependencyUnavailable"/>) when it failed because a service it
/// needs did not answer: the Functions host's Durable endpoint (the bound client's gRPC call: <c>Unavailable</c>,
/// <c>DeadlineExceeded</c>, <c>ResourceExhausted</c>) or an Azure service (an Azure SDK failure). Any other failure goes on as it was.
/// </summary>
/// <param name="logger">The logger.</param>
public sealed class DependencyUnavailableMiddleware(ILogger<DependencyUnavailableMiddleware> logger) : IFunctionsWorkerMiddleware
{
    /// <inheritdoc/>
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (StatusOf(ex) is int status && context.GetHttpContext() is { Response.HasStarted: false } http)
        {
            // Answered 503 (and logged): the caller is told to retry instead of getting the host's 500.
            await DependencyUnavailable.WriteAsync(http, ex, status, logger);
        }
    }

    /// <summary>Gets the status of the unavailable dependency that made the request fail (the gRPC status code, or the Azure SDK's HTTP status), or null.</summary>
    /// <param name="exception">What the function threw.</param>
    /// <returns>The status, or null when the failure is something else.</returns>
    internal static int? StatusOf(Exception exception) =>
        DependencyUnavailable.Causes(exception).OfType<RpcException>().FirstOrDefault(r => r.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.ResourceExhausted) is { } rpc
            ? (int)rpc.StatusCode
            : DependencyUnavailable.FailureOf(exception)?.Status;
}
