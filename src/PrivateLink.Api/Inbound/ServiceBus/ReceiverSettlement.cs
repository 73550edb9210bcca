using Azure.Messaging.ServiceBus;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Settles a message through the receiver that received it (the Functions app's timer-triggered drain).</summary>
/// <param name="receiver">The peek-lock receiver.</param>
/// <param name="message">The received message.</param>
internal sealed class ReceiverSettlement(ServiceBusReceiver receiver, ServiceBusReceivedMessage message) : IMessageSettlement
{
    /// <inheritdoc/>
    public Task CompleteAsync(CancellationToken cancellationToken) => receiver.CompleteMessageAsync(message, cancellationToken);

    /// <inheritdoc/>
    public Task AbandonAsync(CancellationToken cancellationToken) => receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken) =>
        receiver.DeadLetterMessageAsync(message, reason, description, cancellationToken);
}
