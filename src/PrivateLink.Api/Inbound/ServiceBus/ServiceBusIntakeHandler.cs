using System.Text.Json;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using PrivateLink.Onboarding.Model;
using PrivateLink.Onboarding.Notifications;
using PrivateLink.Onboarding.Service;
using PrivateLink.Onboarding.Validation;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Handles one message of the dashboard's request queue with the same reading and validation as <c>POST /api/onboardings</c>.</summary>
/// <remarks>
/// A message that can never succeed is dead-lettered with a short <c>DeadLetterReason</c> (<see cref="DeadLetterReasons"/>) and a
/// description naming the bad field(s); a transient failure (the Durable client throws) abandons it, so Service Bus redelivers it and
/// dead-letters it after the queue's MaxDeliveryCount. A redelivered or duplicate request starts no second workflow: the submission
/// de-duplicates by destination. MessageId, CorrelationId and Subject are in the logging scope of everything logged meanwhile.
/// </remarks>
/// <param name="service">The onboarding service.</param>
/// <param name="logger">The logger.</param>
/// <param name="callbacks">Where callbacks may go; without it a request with a <c>callbackUrl</c> is dead-lettered.</param>
public sealed class ServiceBusIntakeHandler(OnboardingService service, ILogger<ServiceBusIntakeHandler> logger, IOptionsMonitor<CallbackOptions>? callbacks = null)
{
    /// <summary>The subject of a request to start an onboarding.</summary>
    public const string RequestedSubject = "onboarding.requested";

    /// <summary>The subject of a request to cancel a running onboarding.</summary>
    public const string CancelSubject = "onboarding.cancel";

    /// <summary>The longest dead-letter description written.</summary>
    public const int MaxDescriptionLength = 1024;

    /// <summary>Handles and settles one message.</summary>
    /// <param name="message">The received message.</param>
    /// <param name="settlement">Settles it.</param>
    /// <param name="cancellationToken">Cancels handling (the processor is stopping); the message is then left to its lock's expiry.</param>
    /// <returns>How the message was settled.</returns>
    public async Task<IntakeOutcome> HandleAsync(ServiceBusReceivedMessage message, IMessageSettlement settlement, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(settlement);
        using IDisposable? scope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["MessageId"] = message.MessageId,
            ["CorrelationId"] = message.CorrelationId,
            ["Subject"] = message.Subject,
        });

        if (message.Subject is not (RequestedSubject or CancelSubject))
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.UnsupportedSubject,
                $"Subject '{message.Subject}' is not supported; expected '{RequestedSubject}' or '{CancelSubject}'.", cancellationToken);
        }

        if (!string.IsNullOrEmpty(message.ContentType)
            && (!MediaTypeHeaderValue.TryParse(message.ContentType, out MediaTypeHeaderValue? mediaType)
                || !mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)))
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.UnsupportedContentType,
                $"Content type '{message.ContentType}' is not supported; send 'application/json'.", cancellationToken);
        }

        ReadOnlyMemory<byte> body = message.Body.ToMemory();
        if (body.Length > JsonBodyReader.MaxBodyBytes)
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.TooLarge, $"The body must be at most {JsonBodyReader.MaxBodyBytes} bytes; it is {body.Length}.", cancellationToken);
        }

        if (!JsonBodyReader.TryDeserialize(body.Span, out OnboardingRequest? request, out ValidationErrors jsonErrors))
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.MalformedJson, Describe(jsonErrors), cancellationToken);
        }

        return message.Subject == RequestedSubject
            ? await SubmitAsync(message, request, settlement, cancellationToken)
            : await CancelAsync(message, request, settlement, cancellationToken);
    }

    /// <summary>The actor of a queue message: the request queue itself (only senders with the queue's Send role reach it), with the message id.</summary>
    private static Actor Sender(ServiceBusReceivedMessage message) =>
        new("system:servicebus", null, $"Service Bus request queue (message {message.MessageId})");

    private async Task<IntakeOutcome> SubmitAsync(ServiceBusReceivedMessage message, OnboardingRequest request, IMessageSettlement settlement, CancellationToken cancellationToken)
    {
        OnboardDestinationInput? input = OnboardingRequestValidator.Validate(request, out ValidationErrors errors, callbacks?.CurrentValue.Policy);
        if (input is null)
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.ValidationFailed, Describe(errors), cancellationToken);
        }

        CommandResult result;
        try
        {
            result = await service.SubmitAsync(input with { RequestedBy = Sender(message) }, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await AbandonAsync(message, input.DestinationId, ex, settlement);
        }

        if (result.Outcome == CommandOutcome.Conflict)
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.Conflict, result.Reason ?? "A different request for the destination is running.", cancellationToken);
        }

        Log.MessageHandled(logger, RequestedSubject, input.DestinationId, result.Outcome.ToString());
        await settlement.CompleteAsync(cancellationToken);
        return IntakeOutcome.Completed;
    }

    private async Task<IntakeOutcome> CancelAsync(ServiceBusReceivedMessage message, OnboardingRequest request, IMessageSettlement settlement, CancellationToken cancellationToken)
    {
        if (!OnboardingRequestValidator.IsValidDestinationId(request.DestinationId))
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.ValidationFailed,
                "destinationId: required; 3 to 63 characters of lower-case letters, digits and '-'.", cancellationToken);
        }

        string destinationId = request.DestinationId!;
        CommandResult result;
        try
        {
            result = await service.CancelAsync(destinationId, $"cancel requested by Service Bus message {message.MessageId}", Sender(message), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return await AbandonAsync(message, destinationId, ex, settlement);
        }

        if (result.Outcome == CommandOutcome.NotFound)
        {
            return await DeadLetterAsync(settlement, DeadLetterReasons.NotFound, $"destinationId: no onboarding for destination {destinationId}.", cancellationToken);
        }

        // Conflict means nothing is running any more: a redelivered cancel lands here, and there is nothing left to do.
        Log.MessageHandled(logger, CancelSubject, destinationId, result.Outcome == CommandOutcome.Accepted ? "CancelRequested" : "NothingRunning");
        await settlement.CompleteAsync(cancellationToken);
        return IntakeOutcome.Completed;
    }

    private async Task<IntakeOutcome> AbandonAsync(ServiceBusReceivedMessage message, string destinationId, Exception exception, IMessageSettlement settlement)
    {
        Log.MessageAbandoned(logger, exception, destinationId, message.DeliveryCount);
        await settlement.AbandonAsync(CancellationToken.None);
        return IntakeOutcome.Abandoned;
    }

    private async Task<IntakeOutcome> DeadLetterAsync(IMessageSettlement settlement, string reason, string description, CancellationToken cancellationToken)
    {
        string text = description.Length <= MaxDescriptionLength ? description : description[..(MaxDescriptionLength - 1)] + "…";
        Log.MessageDeadLettered(logger, reason, text);
        await settlement.DeadLetterAsync(reason, text, cancellationToken);
        return IntakeOutcome.DeadLettered;
    }

    private static string Describe(ValidationErrors errors) =>
        string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(" ", e.Value)}"));
}
