using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Outbound.ServiceBus;

/// <summary>Stands in for the topic publisher when Service Bus is not configured: publishes nothing.</summary>
internal sealed class DisabledEventSink : IDestinationEventSink
{
    /// <summary>Gets the instance.</summary>
    public static DisabledEventSink Instance { get; } = new();

    /// <inheritdoc/>
    public Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken) => Task.CompletedTask;
}
