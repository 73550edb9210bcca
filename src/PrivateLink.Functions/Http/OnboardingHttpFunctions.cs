using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.Http;
using PrivateLink.Api.Security;
using PrivateLink.Functions.Security;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Http;

/// <summary>The onboarding API's HTTP triggers: each one calls the shared <see cref="OnboardingHandlers"/> method the runner maps.</summary>
/// <remarks>
/// Routes are relative to host.json's <c>routePrefix</c> ("api"), so <c>onboardings</c> serves <c>/api/onboardings</c> as in the runner.
/// Operator routes need a function key (<see cref="AuthorizationLevel.Anonymous"/>); function names match the runner's endpoint names.
/// Reads (GET, list) answer from the task hub and then from the records of destinations whose finished history retention purged
/// (<see cref="RetainedOnboardingQueries"/>).
/// </remarks>
/// <param name="records">The records of purged destinations.</param>
public sealed class OnboardingHttpFunctions(IDestinationRecordStore records)
{
    /// <summary>The route of the collection, under the route prefix.</summary>
    public const string CollectionRoute = "onboardings";

    /// <summary>The route of one onboarding, under the route prefix.</summary>
    public const string ItemRoute = "onboardings/{destinationId}";

    /// <summary>POST /api/onboardings: starts an onboarding.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200, 400, 409, 413 or 415.</returns>
    [Function("SubmitOnboarding")]
    [RequireRole(OnboardingRoles.Submit)]
    public Task<IResult> SubmitAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = CollectionRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.SubmitAsync(request, new OnboardingService(client), cancellationToken);

    /// <summary>GET /api/onboardings?stage=…&amp;continuationToken=…&amp;pageSize=…: one page of onboardings.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>200 or 400.</returns>
    [Function("ListOnboardings")]
    [RequireRole(OnboardingRoles.Read)]
    public Task<IResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = CollectionRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return OnboardingHandlers.ListAsync(
            Query(request, "stage"), Query(request, "continuationToken"), Query(request, "pageSize"), Reads(client), cancellationToken);
    }

    /// <summary>GET /api/onboardings/{destinationId}: one onboarding.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="destinationId">The destination id (route).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>200, 400 or 404.</returns>
    [Function("GetOnboarding")]
    [RequireRole(OnboardingRoles.Read)]
    public Task<IResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ItemRoute)] HttpRequest request,
        string destinationId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.GetAsync(destinationId, Reads(client), cancellationToken);

    /// <summary>POST /api/onboardings/{destinationId}/approval: the customer acted.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="destinationId">The destination id (route).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404 or 409.</returns>
    [Function("NotifyApproval")]
    [RequireRole(OnboardingRoles.Operate)]
    public Task<IResult> NotifyApprovalAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ItemRoute + "/approval")] HttpRequest request,
        string destinationId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.NotifyApprovalAsync(destinationId, request.HttpContext.User, new OnboardingService(client), cancellationToken);

    /// <summary>POST /api/onboardings/{destinationId}/cancel: stops a running onboarding.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="destinationId">The destination id (route).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404 or 409.</returns>
    [Function("CancelOnboarding")]
    [RequireRole(OnboardingRoles.Operate)]
    public Task<IResult> CancelAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ItemRoute + "/cancel")] HttpRequest request,
        string destinationId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.CancelAsync(destinationId, request.HttpContext.User, new OnboardingService(client), cancellationToken);

    /// <summary>DELETE /api/onboardings/{destinationId}: offboards a destination.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="destinationId">The destination id (route).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404 or 409.</returns>
    [Function("OffboardDestination")]
    [RequireRole(OnboardingRoles.Offboard)]
    public Task<IResult> OffboardAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ItemRoute)] HttpRequest request,
        string destinationId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.OffboardAsync(destinationId, request.HttpContext.User, new OnboardingService(client), cancellationToken);

    /// <summary>POST /api/onboardings/{destinationId}/recheck: runs the connectivity check again.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="destinationId">The destination id (route).</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 400, 404 or 409.</returns>
    [Function("RecheckOnboarding")]
    [RequireRole(OnboardingRoles.Operate)]
    public Task<IResult> RecheckAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ItemRoute + "/recheck")] HttpRequest request,
        string destinationId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        OnboardingHandlers.RecheckAsync(destinationId, request.HttpContext.User, new OnboardingService(client), cancellationToken);

    private OnboardingService Reads(DurableTaskClient client) =>
        new(client, new RetainedOnboardingQueries(new TaskHubOnboardingQueries(client), records, client));

    private static string? Query(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var values) ? values.ToString() : null;
}
