using Azure.Messaging.ServiceBus;

namespace PrivateLink.Api.Tests.ServiceBus;

/// <summary>A sender that records messages, or throws the configured failures first (the SDK's types are built to be subclassed in tests).</summary>
internal sealed class RecordingSender(string entityPath) : ServiceBusSender
{
    public List<ServiceBusMessage> Sent { get; } = [];

    public Queue<Exception> Failures { get; } = new();

    public override string EntityPath => entityPath;

    public override Task SendMessageAsync(ServiceBusMessage message, CancellationToken cancellationToken = default)
    {
        if (Failures.TryDequeue(out Exception? failure))
        {
            throw failure;
        }

        Sent.Add(message);
        return Task.CompletedTask;
    }
}

/// <summary>A receiver that records settlements made through <see cref="ProcessMessageEventArgs"/>.</summary>
internal sealed class RecordingReceiver : ServiceBusReceiver
{
    public List<string> Calls { get; } = [];

    public string? DeadLetterReason { get; private set; }

    public override Task CompleteMessageAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        Calls.Add("Complete");
        return Task.CompletedTask;
    }

    public override Task AbandonMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("Abandon");
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("DeadLetter");
        DeadLetterReason = deadLetterReason;
        return Task.CompletedTask;
    }

    public override Task DeadLetterMessageAsync(ServiceBusReceivedMessage message, IDictionary<string, object>? propertiesToModify, string deadLetterReason, string? deadLetterErrorDescription = null, CancellationToken cancellationToken = default)
    {
        Calls.Add("DeadLetter");
        DeadLetterReason = deadLetterReason;
        return Task.CompletedTask;
    }
}

/// <summary>A processor that never connects: it records its options and lets the test deliver messages to the registered handler.</summary>
internal sealed class FakeProcessor(ServiceBusProcessorOptions options) : ServiceBusProcessor
{
    public ServiceBusProcessorOptions Options { get; } = options;

    public bool Started { get; private set; }

    public override Task StartProcessingAsync(CancellationToken cancellationToken = default)
    {
        Started = true;
        return Task.CompletedTask;
    }

    public override Task StopProcessingAsync(CancellationToken cancellationToken = default)
    {
        Started = false;
        return Task.CompletedTask;
    }

    public Task DeliverAsync(ServiceBusReceivedMessage message, ServiceBusReceiver receiver) =>
        OnProcessMessageAsync(new ProcessMessageEventArgs(message, receiver, CancellationToken.None));
}

/// <summary>A client that hands out fake processors and recording senders.</summary>
internal sealed class FakeServiceBusClient : ServiceBusClient
{
    public Dictionary<string, FakeProcessor> Processors { get; } = [];

    public Dictionary<string, RecordingSender> Senders { get; } = [];

    public override string FullyQualifiedNamespace => "test.servicebus.windows.net";

    public override ServiceBusProcessor CreateProcessor(string queueName, ServiceBusProcessorOptions options)
    {
        var processor = new FakeProcessor(options);
        Processors[queueName] = processor;
        return processor;
    }

    public override ServiceBusSender CreateSender(string queueOrTopicName)
    {
        var sender = new RecordingSender(queueOrTopicName);
        Senders[queueOrTopicName] = sender;
        return sender;
    }
}
