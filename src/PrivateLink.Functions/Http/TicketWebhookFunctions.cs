using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Functions.Security;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Functions.Http;

/// <summary>The ticket-system webhooks' HTTP triggers: each one calls the shared <see cref="TicketWebhookHandlers"/> method the runner maps.</summary>
/// <remarks>
/// The triggers are <see cref="AuthorizationLevel.Anonymous"/> on purpose: Zendesk, Jira and Standard Webhooks senders cannot add a
/// function key, so each delivery is authenticated by its HMAC signature (and timestamp or delivery id) against the secret in
/// <c>Webhooks:*</c> settings, checked by the handler before anything else is read. An endpoint whose secret is not set answers 401
/// to everything. Function names match the runner's endpoint names.
/// </remarks>
/// <param name="replayStore">Remembers deliveries so a replay is rejected.</param>
/// <param name="genericOptions">The generic endpoint's settings.</param>
/// <param name="zendeskOptions">The Zendesk endpoint's settings.</param>
/// <param name="jiraOptions">The Jira endpoint's settings.</param>
/// <param name="timeProvider">The clock the signature timestamps are checked against.</param>
/// <param name="loggerFactory">Creates the handlers' logger.</param>
public sealed class TicketWebhookFunctions(
    IWebhookReplayStore replayStore,
    IOptions<GenericWebhookOptions> genericOptions,
    IOptions<ZendeskWebhookOptions> zendeskOptions,
    IOptions<JiraWebhookOptions> jiraOptions,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory)
{
    /// <summary>The route of the generic (Standard Webhooks) endpoint, under the route prefix.</summary>
    public const string GenericRoute = "webhooks/tickets";

    /// <summary>The route of the Zendesk endpoint, under the route prefix.</summary>
    public const string ZendeskRoute = "webhooks/zendesk";

    /// <summary>The route of the Jira endpoint, under the route prefix.</summary>
    public const string JiraRoute = "webhooks/jira";

    /// <summary>POST /api/webhooks/tickets: a Standard Webhooks delivery whose body is the onboarding request JSON.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200, 400, 401, 409, 413 or 415.</returns>
    [Function("TicketWebhook")]
    [AnonymousFunction]
    public Task<IResult> HandleGenericAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = GenericRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        TicketWebhookHandlers.HandleGenericAsync(request, new OnboardingService(client), replayStore, genericOptions, timeProvider, loggerFactory, cancellationToken);

    /// <summary>POST /api/webhooks/zendesk: a signed Zendesk trigger or event-subscription delivery.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200, 400, 401, 409 or 413.</returns>
    [Function("ZendeskWebhook")]
    [AnonymousFunction]
    public Task<IResult> HandleZendeskAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ZendeskRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        TicketWebhookHandlers.HandleZendeskAsync(request, new OnboardingService(client), replayStore, zendeskOptions, timeProvider, loggerFactory, cancellationToken);

    /// <summary>POST /api/webhooks/jira: a signed Jira issue event.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="client">The Durable Task client.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200, 400, 401, 409 or 413.</returns>
    [Function("JiraWebhook")]
    [AnonymousFunction]
    public Task<IResult> HandleJiraAsync(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = JiraRoute)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        TicketWebhookHandlers.HandleJiraAsync(request, new OnboardingService(client), replayStore, jiraOptions, timeProvider, loggerFactory, cancellationToken);
}
