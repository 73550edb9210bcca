using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Orchestration;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Validation;

namespace PrivateLink.Api.Inbound.Webhooks;

/// <summary>The ticket-system webhook handlers; the runner maps them as minimal APIs and the Functions app calls them from its triggers.</summary>
/// <remarks>
/// Order of checks: size (413), signature and timestamp (401), replay (401; Jira: 200, nothing done), JSON and mapping (400),
/// validation (400 naming each field, and the ticket field it came from), then the same submission as <c>POST /api/onboardings</c>
/// (202, 200 when the same request runs, 409 when a different one does). A 401 says nothing that would help a forger.
/// A delivery that fails with an unexpected error is forgotten by the replay store, so the sender's retry is processed.
/// </remarks>
public static class TicketWebhookHandlers
{
    /// <summary>The replay-store scope of the generic endpoint.</summary>
    public const string GenericScope = "generic";

    /// <summary>The replay-store scope of the Zendesk endpoint.</summary>
    public const string ZendeskScope = "zendesk";

    /// <summary>The replay-store scope of the Jira endpoint.</summary>
    public const string JiraScope = "jira";

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>POST /api/webhooks/tickets: a Standard Webhooks delivery whose body is the onboarding request JSON.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="replayStore">The replay store.</param>
    /// <param name="options">The endpoint's settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200, 400, 401, 409, 413 or 415.</returns>
    public static async Task<IResult> HandleGenericAsync(
        HttpRequest request,
        OnboardingService service,
        IWebhookReplayStore replayStore,
        IOptions<GenericWebhookOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        const string Source = "Generic";
        GenericWebhookOptions settings = options.Value;
        return await ReceiveAsync(
            request,
            Source,
            GenericScope,
            JsonBodyReader.MaxBodyBytes,
            (byte[] body, out string? key, out DateTimeOffset rememberUntil) =>
            {
                string? id = null;
                DateTimeOffset timestamp = default;
                SignatureCheck check = WebhookSecrets.VerifyEither(settings.SigningSecret, settings.SecondarySigningSecret, secret =>
                    StandardWebhookSignature.Verify(secret, request.Headers, body, timeProvider.GetUtcNow(), settings.Tolerance, out id, out timestamp));

                // The webhook-id is signed (id.timestamp.body), so it is a canonical replay key.
                key = id;
                rememberUntil = timestamp + settings.Tolerance;
                return check;
            },
            replayStore,
            static _ => Unauthorized(),
            loggerFactory,
            async (delivery, logger) =>
            {
                if (!WebhookBody.IsJson(request))
                {
                    return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Send the body as 'application/json' (UTF-8).");
                }

                if (!JsonBodyReader.TryDeserialize(delivery.Body, out OnboardingRequest? onboardingRequest, out ValidationErrors jsonErrors))
                {
                    return TypedResults.ValidationProblem(jsonErrors.ToDictionary());
                }

                return await SubmitAsync(Source, GenericScope, delivery.Key, onboardingRequest, EmptyLabels, service, replayStore, logger, null, CallbackPolicy.For(request.HttpContext.RequestServices), cancellationToken);
            },
            cancellationToken);
    }

    /// <summary>POST /api/webhooks/zendesk: a signed Zendesk trigger (our template) or event-subscription delivery.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="replayStore">The replay store.</param>
    /// <param name="options">The endpoint's settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200 (same request running, or an event that starts nothing), 400, 401, 409 or 413.</returns>
    public static async Task<IResult> HandleZendeskAsync(
        HttpRequest request,
        OnboardingService service,
        IWebhookReplayStore replayStore,
        IOptions<ZendeskWebhookOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        const string Source = "Zendesk";
        ZendeskWebhookOptions settings = options.Value;
        return await ReceiveAsync(
            request,
            Source,
            ZendeskScope,
            WebhookBody.MaxVendorBodyBytes,
            (byte[] body, out string? key, out DateTimeOffset rememberUntil) =>
            {
                string? deliveryKey = null;
                DateTimeOffset timestamp = default;
                SignatureCheck check = WebhookSecrets.VerifyEither(settings.SigningSecret, settings.SecondarySigningSecret, secret =>
                    ZendeskSignature.Verify(secret, request.Headers, body, timeProvider.GetUtcNow(), settings.Tolerance, out deliveryKey, out timestamp));
                key = deliveryKey;
                rememberUntil = timestamp + settings.Tolerance;
                return check;
            },
            replayStore,
            static _ => Unauthorized(),
            loggerFactory,
            (delivery, logger) => SubmitMappedAsync(
                request, TicketSystem.Zendesk, Source, ZendeskScope, delivery, payload => ZendeskPayloadMapper.Map(payload, settings), service, replayStore, logger, cancellationToken),
            cancellationToken);
    }

    /// <summary>POST /api/webhooks/jira: a signed Jira issue event.</summary>
    /// <param name="request">The HTTP request.</param>
    /// <param name="service">The onboarding service.</param>
    /// <param name="replayStore">The replay store (de-duplicates on <c>X-Atlassian-Webhook-Identifier</c>).</param>
    /// <param name="options">The endpoint's settings.</param>
    /// <param name="timeProvider">The clock.</param>
    /// <param name="loggerFactory">Creates the logger.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>202, 200 (same request running, a redelivery, or an event that starts nothing), 400, 401, 409 or 413.</returns>
    public static async Task<IResult> HandleJiraAsync(
        HttpRequest request,
        OnboardingService service,
        IWebhookReplayStore replayStore,
        IOptions<JiraWebhookOptions> options,
        TimeProvider timeProvider,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        const string Source = "Jira";
        JiraWebhookOptions settings = options.Value;
        return await ReceiveAsync(
            request,
            Source,
            JiraScope,
            WebhookBody.MaxVendorBodyBytes,
            (byte[] body, out string? key, out DateTimeOffset rememberUntil) =>
            {
                key = null;
                rememberUntil = default;
                SignatureCheck check = WebhookSecrets.VerifyEither(settings.Secret, settings.SecondarySecret, secret =>
                    JiraSignature.Verify(secret, request.Headers, body, out _));
                if (check != SignatureCheck.Valid)
                {
                    return check;
                }

                // Jira signs only the body and sends no signed timestamp: the body's own "timestamp" bounds its age, and the replay
                // key is the signed content itself, so a captured delivery replayed under a fresh X-Atlassian-Webhook-Identifier is
                // still the same delivery (and Jira's own redeliveries, which repeat the body, are acknowledged once).
                DateTimeOffset now = timeProvider.GetUtcNow();
                key = JiraSignature.ReplayKey(body);
                if (!JiraSignature.TryReadTimestamp(body, out DateTimeOffset timestamp, out bool isObject))
                {
                    // Not JSON at all: let the payload check answer 400 (it starts nothing); a JSON object without a timestamp is refused.
                    rememberUntil = now + settings.Tolerance;
                    return isObject ? SignatureCheck.StaleTimestamp : SignatureCheck.Valid;
                }

                if ((timestamp - now).Duration() > settings.Tolerance)
                {
                    return SignatureCheck.StaleTimestamp;
                }

                rememberUntil = timestamp + settings.Tolerance;
                return SignatureCheck.Valid;
            },
            replayStore,
            // Jira redelivers with the same identifier until it sees a 2xx: acknowledge a redelivery without doing anything again.
            static _ => TypedResults.Ok(new WebhookAcknowledgement("duplicate", "This delivery was processed before.")),
            loggerFactory,
            (delivery, logger) => SubmitMappedAsync(
                request, TicketSystem.Jira, Source, JiraScope, delivery, payload => JiraPayloadMapper.Map(payload, settings), service, replayStore, logger, cancellationToken),
            cancellationToken);
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyLabels = new Dictionary<string, string>();

    private delegate SignatureCheck DeliveryVerifier(byte[] body, out string? key, out DateTimeOffset rememberUntil);

    /// <summary>
    /// The steps every endpoint takes before reading the payload: size (413), signature and timestamp (401), replay;
    /// then <paramref name="accepted"/> answers a delivery that passed them.
    /// </summary>
    private static async Task<IResult> ReceiveAsync(
        HttpRequest request,
        string source,
        string scope,
        int maxBytes,
        DeliveryVerifier verify,
        IWebhookReplayStore replayStore,
        Func<string, IResult> replayed,
        ILoggerFactory loggerFactory,
        Func<Delivery, ILogger, Task<IResult>> accepted,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        ArgumentNullException.ThrowIfNull(replayStore);
        ILogger logger = loggerFactory.CreateLogger(typeof(TicketWebhookHandlers));
        byte[]? body = await WebhookBody.ReadAsync(request, maxBytes, cancellationToken);
        if (body is null)
        {
            return TooLarge(maxBytes);
        }

        SignatureCheck check = verify(body, out string? key, out DateTimeOffset rememberUntil);
        if (check != SignatureCheck.Valid)
        {
            return Unauthorized(logger, source, check);
        }

        if (!await replayStore.TryRecordAsync(scope, key!, rememberUntil, cancellationToken))
        {
            Log.Replayed(logger, source, key!);
            return replayed(key!);
        }

        return await accepted(new Delivery(body, key!), logger);
    }

    /// <summary>A delivery whose signature checked out and which was not seen before.</summary>
    private sealed record Delivery(byte[] Body, string Key);

    private static JsonNode? Parse(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body, NodeOptions, DocumentOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // When AddTicketComments is registered, a mapping error is also posted on the ticket (best effort; the answer stays 400).
    private static Func<string?, IReadOnlyDictionary<string, string[]>, CancellationToken, Task>? ErrorComments(HttpRequest request, TicketSystem system, string deliveryId) =>
        request.HttpContext.RequestServices?.GetService<TicketMappingErrorNotifier>() is { } notifier
            ? (ticketId, errors, cancellationToken) => notifier.NotifyAsync(system, ticketId, deliveryId, errors, cancellationToken)
            : null;

    /// <summary>A ticket system's delivery: the body must be a JSON object, which <paramref name="map"/> turns into a request.</summary>
    private static async Task<IResult> SubmitMappedAsync(
        HttpRequest request,
        TicketSystem system,
        string source,
        string scope,
        Delivery delivery,
        Func<JsonObject, TicketMapping> map,
        OnboardingService service,
        IWebhookReplayStore replayStore,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (Parse(delivery.Body) is not JsonObject payload)
        {
            return Invalid("$", "The body must be a JSON object.");
        }

        string deliveryId = delivery.Key;
        TicketMapping mapping = map(payload);
        Func<string?, IReadOnlyDictionary<string, string[]>, CancellationToken, Task>? commentErrors = ErrorComments(request, system, deliveryId);
        if (mapping.IgnoredReason is { } reason)
        {
            Log.Ignored(logger, source, deliveryId, reason);
            return TypedResults.Ok(new WebhookAcknowledgement("ignored", reason));
        }

        if (mapping.Errors is { } payloadErrors)
        {
            Log.MappingFailed(logger, source, deliveryId, mapping.TicketId, string.Join(", ", payloadErrors.Keys));
            await (commentErrors?.Invoke(mapping.TicketId, payloadErrors, cancellationToken) ?? Task.CompletedTask);
            return TypedResults.ValidationProblem(payloadErrors, title: $"The {source} payload cannot be mapped to an onboarding request.");
        }

        OnboardingRequest? onboardingRequest = TicketRequestReader.Read(mapping.Request!, out Dictionary<string, string[]> errors);
        if (onboardingRequest is null)
        {
            Dictionary<string, string[]> labelled = Label(errors, mapping.Labels);
            Log.MappingFailed(logger, source, deliveryId, mapping.TicketId, string.Join(", ", labelled.Keys));
            await (commentErrors?.Invoke(mapping.TicketId, labelled, cancellationToken) ?? Task.CompletedTask);
            return TypedResults.ValidationProblem(labelled, title: $"The {source} payload cannot be mapped to an onboarding request.");
        }

        // Ticket fields map to no callbackUrl (the ticket gets comments instead): no callback policy.
        return await SubmitAsync(source, scope, deliveryId, onboardingRequest, mapping.Labels, service, replayStore, logger, commentErrors, null, cancellationToken);
    }

    private static async Task<IResult> SubmitAsync(
        string source,
        string scope,
        string deliveryId,
        OnboardingRequest? body,
        IReadOnlyDictionary<string, string> labels,
        OnboardingService service,
        IWebhookReplayStore replayStore,
        ILogger logger,
        Func<string?, IReadOnlyDictionary<string, string[]>, CancellationToken, Task>? commentErrors,
        CallbackPolicy? callbacks,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        OnboardDestinationInput? input = OnboardingRequestValidator.Validate(body, out ValidationErrors errors, callbacks);
        if (input is null)
        {
            Dictionary<string, string[]> labelled = Label(errors.ToDictionary(), labels);
            Log.MappingFailed(logger, source, deliveryId, body?.TicketId, string.Join(", ", labelled.Keys));
            await (commentErrors?.Invoke(body?.TicketId, labelled, cancellationToken) ?? Task.CompletedTask);
            return TypedResults.ValidationProblem(labelled, title: "The onboarding request is invalid.");
        }

        CommandResult result;
        try
        {
            result = await service.SubmitAsync(input with { RequestedBy = new Actor($"system:webhook:{source}", null, $"{source} webhook (delivery {deliveryId})") }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Let the sender's retry through: this delivery did not start anything.
            Log.SubmitFailed(logger, ex, source, deliveryId, input.DestinationId);
            await replayStore.ForgetAsync(scope, deliveryId, CancellationToken.None);
            throw;
        }

        Log.Accepted(logger, source, deliveryId, input.DestinationId, input.TicketId, result.Outcome.ToString());
        string location = $"/api/onboardings/{input.DestinationId}";
        return result.Outcome switch
        {
            CommandOutcome.Accepted => TypedResults.Accepted(location, new { destinationId = input.DestinationId, stage = OnboardingStage.Submitted, statusUrl = location }),
            CommandOutcome.AlreadyExists => TypedResults.Ok(result.View),
            _ => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Reason),
        };
    }

    private static Dictionary<string, string[]> Label(Dictionary<string, string[]> errors, IReadOnlyDictionary<string, string> labels)
    {
        if (labels.Count == 0)
        {
            return errors;
        }

        var labelled = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach ((string path, string[] messages) in errors)
        {
            string field = path.Split('.', '[')[0];
            labelled[path] = labels.TryGetValue(field, out string? source)
                ? messages.Select(m => $"{m} (from {source})").ToArray()
                : messages;
        }

        return labelled;
    }

    private static ProblemHttpResult Unauthorized(ILogger logger, string source, SignatureCheck check)
    {
        if (check == SignatureCheck.NotConfigured)
        {
            Log.NotConfigured(logger, source);
        }
        else
        {
            Log.Rejected(logger, source, check.ToString());
        }

        return Unauthorized();
    }

    // Deliberately the same answer for every cause: a forger learns nothing about which check failed.
    private static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");

    private static ProblemHttpResult TooLarge(int limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: $"The body must be at most {limit} bytes.");

    private static ValidationProblem Invalid(string path, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { [path] = [message] });
}
