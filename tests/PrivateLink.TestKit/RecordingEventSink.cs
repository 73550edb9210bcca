using System.Collections.Concurrent;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.TestKit;

/// <summary>Records every destination event published.</summary>
public sealed class RecordingEventSink : IDestinationEventSink
{
    public ConcurrentQueue<DestinationEvent> Events { get; } = new();

    public Task PublishAsync(DestinationEvent destinationEvent, CancellationToken cancellationToken)
    {
        Events.Enqueue(destinationEvent);
        return Task.CompletedTask;
    }
}
