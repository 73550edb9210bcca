using PrivateLink.Api.Inbound.ServiceBus;

namespace PrivateLink.Api.Tests.ServiceBus;

/// <summary>Records how the handler settled a message.</summary>
internal sealed class RecordingSettlement : IMessageSettlement
{
    public List<string> Calls { get; } = [];

    public string? DeadLetterReason { get; private set; }

    public string? DeadLetterDescription { get; private set; }

    public Task CompleteAsync(CancellationToken cancellationToken)
    {
        Calls.Add("Complete");
        return Task.CompletedTask;
    }

    public Task AbandonAsync(CancellationToken cancellationToken)
    {
        Calls.Add("Abandon");
        return Task.CompletedTask;
    }

    public Task DeadLetterAsync(string reason, string description, CancellationToken cancellationToken)
    {
        Calls.Add("DeadLetter");
        DeadLetterReason = reason;
        DeadLetterDescription = description;
        return Task.CompletedTask;
    }
}
