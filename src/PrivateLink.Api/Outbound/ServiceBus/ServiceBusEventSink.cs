using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.ServiceBus;

/// <summary>Publishes destination events to the <c>destination-events</c> topic with CloudEvents-style application properties.</summary>
/// <remarks>
/// The message id is the event's <see cref="DestinationEvent.EventId"/> (deterministic per destination and stage), so with duplicate
/// detection enabled on the topic a replayed activity's second publication is dropped by the broker. The body is the event as JSON
/// without the callback URL. A transient <see cref="ServiceBusException"/> becomes <see cref="TransientNotificationException"/> (the
/// activity retries); any other becomes <see cref="InvalidOperationException"/>, so nothing above sees SDK exception types.
/// </remarks>
/// <param name="sender">The topic's sender.</param>
/// <param name="options">The Service Bus settings.</param>
/// <param name="logger">The logger.</param>
public sealed class ServiceBusEventSink(ServiceBusSender sender, IOptions<ServiceBusOptions> options, ILogger<ServiceBusEventSink> logger) : IDestinationEventSink
{
    /// <summary>The CloudEvents spec version written.</summary>
    public const string SpecVersion = "1.0";

    /// <summary>The prefix of <c>cloudEvents:type</c>; the lower-case stage name follows.</summary>
    public const string TypePrefix = "com.privatelink.onboarding.";

    /// <inheritdoc/>
    public async Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        ServiceBusMessage message = ToMessage(destinationEvent, options.Value.EventSource);
        try
        {
            await sender.SendMessageAsync(message, cancellationToken);
        }
        catch (ServiceBusException ex)
        {
            Log.EventPublishFailed(logger, destinationEvent.EventId, destinationEvent.DestinationId, sender.EntityPath, ex.Reason.ToString(), ex.IsTransient);
            if (ex.IsTransient)
            {
                throw new TransientNotificationException($"Publishing to topic {sender.EntityPath} failed transiently ({ex.Reason}).", ex);
            }

            throw new InvalidOperationException($"Publishing to topic {sender.EntityPath} failed ({ex.Reason}).", ex);
        }

        Log.EventPublished(logger, destinationEvent.EventId, destinationEvent.DestinationId, destinationEvent.Stage.ToString(), sender.EntityPath);
    }

    /// <summary>Builds the topic message of an event.</summary>
    /// <param name="destinationEvent">The event.</param>
    /// <param name="source">The <c>cloudEvents:source</c>.</param>
    /// <returns>The message.</returns>
    public static ServiceBusMessage ToMessage(DestinationEvent destinationEvent, string source)
    {
        ArgumentNullException.ThrowIfNull(destinationEvent);
        var message = new ServiceBusMessage(BinaryData.FromObjectAsJson(destinationEvent with { CallbackUrl = null }, OnboardingJson.Options))
        {
            MessageId = destinationEvent.EventId,
            Subject = destinationEvent.DestinationId,
            ContentType = "application/json",
        };
        if (destinationEvent.TicketId is not null)
        {
            message.CorrelationId = destinationEvent.TicketId;
        }

        message.ApplicationProperties["cloudEvents:specversion"] = SpecVersion;
        message.ApplicationProperties["cloudEvents:type"] = TypePrefix + destinationEvent.Stage.ToString().ToLowerInvariant();
        message.ApplicationProperties["cloudEvents:source"] = source;
        message.ApplicationProperties["cloudEvents:id"] = destinationEvent.EventId;
        message.ApplicationProperties["cloudEvents:subject"] = destinationEvent.DestinationId;
        message.ApplicationProperties["cloudEvents:time"] = new DateTimeOffset(DateTime.SpecifyKind(destinationEvent.OccurredAtUtc, DateTimeKind.Utc));
        message.ApplicationProperties["cloudEvents:datacontenttype"] = "application/json";
        return message;
    }
}
