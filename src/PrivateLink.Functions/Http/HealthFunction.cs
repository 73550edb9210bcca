using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using PrivateLink.Functions.Security;

namespace PrivateLink.Functions.Http;

/// <summary>The liveness probe.</summary>
/// <remarks>Served at <c>/api/healthz</c>: a Functions route cannot leave host.json's route prefix, unlike the runner's <c>/healthz</c>.</remarks>
public sealed class HealthFunction
{
    /// <summary>GET /api/healthz: the worker is up.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <returns>200 with <c>{"status":"healthy"}</c>.</returns>
    [Function("Health")]
    [AnonymousFunction]
    public IResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "healthz")] HttpRequest request) =>
        TypedResults.Ok(new { status = "healthy" });
}
