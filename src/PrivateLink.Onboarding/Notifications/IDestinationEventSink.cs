namespace PrivateLink.Onboarding.Notifications;

/// <summary>Somewhere destination events go (the ticket system's callback, the events topic).</summary>
public interface IDestinationEventSink
{
    /// <summary>Delivers one event.</summary>
    /// <param name="destinationEvent">The event; its <see cref="DestinationEvent.EventId"/> lets receivers de-duplicate.</param>
    /// <param name="cancellationToken">Cancels the delivery.</param>
    /// <returns>A task that completes when the event was accepted.</returns>
    /// <exception cref="TransientNotificationException">The receiver failed in a way worth retrying.</exception>
    Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken);
}
