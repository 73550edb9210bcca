namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Settles one received message (the part of <c>ProcessMessageEventArgs</c> the intake needs), so the handler is testable without a broker.</summary>
public interface IMessageSettlement
{
    /// <summary>Removes the message from the queue: it was handled.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when settled.</returns>
    Task CompleteAsync(CancellationToken cancellationToken);

    /// <summary>Releases the message for redelivery after a transient failure (the broker dead-letters it after MaxDeliveryCount).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when settled.</returns>
    Task AbandonAsync(CancellationToken cancellationToken);

    /// <summary>Moves the message to the dead-letter queue: it can never succeed.</summary>
    /// <param name="reason">A short code (<see cref="DeadLetterReasons"/>).</param>
    /// <param name="description">What is wrong, naming the bad field(s).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when settled.</returns>
    Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken);
}
