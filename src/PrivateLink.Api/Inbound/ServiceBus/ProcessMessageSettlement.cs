using Azure.Messaging.ServiceBus;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Settles a message through the processor's event arguments.</summary>
/// <param name="args">The processor's arguments for the message.</param>
internal sealed class ProcessMessageSettlement(ProcessMessageEventArgs args) : IMessageSettlement
{
    /// <inheritdoc/>
    public Task CompleteAsync(CancellationToken cancellationToken) => args.CompleteMessageAsync(args.Message, cancellationToken);

    /// <inheritdoc/>
    public Task AbandonAsync(CancellationToken cancellationToken) => args.AbandonMessageAsync(args.Message, cancellationToken: cancellationToken);

    /// <inheritdoc/>
    public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken) =>
        args.DeadLetterMessageAsync(args.Message, reason, description, cancellationToken);
}
