using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>Maps the ticket-system webhook routes onto the shared handlers.</summary>
public static class TicketWebhookEndpoints
{
    /// <summary>Maps <c>POST /api/webhooks/tickets</c>, <c>/zendesk</c> and <c>/jira</c>.</summary>
    /// <param name="app">The route builder.</param>
    /// <returns>The group of webhook routes, for the host to add filters.</returns>
    public static RouteGroupBuilder MapTicketWebhooks(this IEndpointRouteBuilder app)
    {
        // Anonymous to the host's authentication: each delivery is authenticated by its signature (and replay check) instead.
        // Rate limited per route and sender address before the body is read (the host's pipeline runs UseRateLimiter).
        RouteGroupBuilder group = app.MapGroup("/api/webhooks").WithTags("Webhooks").AllowAnonymous().RequireRateLimiting(WebhookRateLimitPolicy.Name);
        group.MapPost("/tickets", TicketWebhookHandlers.HandleGenericAsync)
            .WithName("TicketWebhook")
            .Accepts<PrivateLink.Onboarding.Model.OnboardingRequest>("application/json")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<OnboardingView>()
            .ProducesRejections()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapPost("/zendesk", TicketWebhookHandlers.HandleZendeskAsync)
            .WithName("ZendeskWebhook")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<WebhookAcknowledgement>()
            .ProducesRejections();
        group.MapPost("/jira", TicketWebhookHandlers.HandleJiraAsync)
            .WithName("JiraWebhook")
            .Produces(StatusCodes.Status202Accepted)
            .Produces<WebhookAcknowledgement>()
            .ProducesRejections();
        return group;
    }

    // Every webhook route refuses the same ways: invalid (400), unsigned (401), a different request running (409), too large (413).
    private static RouteHandlerBuilder ProducesRejections(this RouteHandlerBuilder route) => route
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status409Conflict)
        .ProducesProblem(StatusCodes.Status413PayloadTooLarge);
}
