using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrivateLink.Api.Security;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Inbound.Http;

/// <summary>Maps the onboarding API's routes (the contract in the README's "HTTP API") onto the shared handlers.</summary>
public static class OnboardingEndpoints
{
    /// <summary>Maps every route under <c>/api/onboardings</c> and <c>/healthz</c>.</summary>
    /// <param name="app">The route builder.</param>
    /// <remarks>Each route requires its app role (<see cref="OnboardingRoles"/>); only <c>/healthz</c> is anonymous. Both hosts register the policies with <see cref="OnboardingAuthorization.AddOnboardingAuthorization"/>.</remarks>
    /// <returns>The group of onboarding routes, for the host to add filters.</returns>
    public static RouteGroupBuilder MapOnboardingApi(this IEndpointRouteBuilder app)
    {
        RouteGroupBuilder group = app.MapGroup("/api/onboardings").WithTags("Onboardings");
        group.MapPost("/", OnboardingHandlers.SubmitAsync)
            .WithName("SubmitOnboarding")
            .RequireAuthorization(OnboardingRoles.Submit)
            .Accepts<PrivateLink.Onboarding.Model.OnboardingRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<OnboardingView>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/", (string? stage, string? continuationToken, string? pageSize, OnboardingService service, CancellationToken ct) =>
                OnboardingHandlers.ListAsync(stage, continuationToken, pageSize, service, ct))
            .WithName("ListOnboardings").RequireAuthorization(OnboardingRoles.Read).Produces<OnboardingPage>().ProducesValidationProblem();
        group.MapGet("/{destinationId}", OnboardingHandlers.GetAsync)
            .WithName("GetOnboarding").RequireAuthorization(OnboardingRoles.Read).Produces<OnboardingView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{destinationId}/approval", OnboardingHandlers.NotifyApprovalAsync)
            .WithName("NotifyApproval").RequireAuthorization(OnboardingRoles.Operate).Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{destinationId}/cancel", OnboardingHandlers.CancelAsync)
            .WithName("CancelOnboarding").RequireAuthorization(OnboardingRoles.Operate).Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapDelete("/{destinationId}", OnboardingHandlers.OffboardAsync)
            .WithName("OffboardDestination").RequireAuthorization(OnboardingRoles.Offboard).Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/{destinationId}/recheck", OnboardingHandlers.RecheckAsync)
            .WithName("RecheckOnboarding").RequireAuthorization(OnboardingRoles.Operate).Produces(StatusCodes.Status202Accepted).ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        app.MapGet("/healthz", () => TypedResults.Ok(new { status = "healthy" })).WithName("Health").AllowAnonymous().ExcludeFromDescription();
        return group;
    }
}
