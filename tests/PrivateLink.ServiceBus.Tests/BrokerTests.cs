using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.Time.Testing;
using PrivateLink.ServiceBusBroker;

namespace PrivateLink.ServiceBus.Tests;

/// <summary>The test broker driven by the real Service Bus SDK over AMQP on loopback.</summary>
public sealed class BrokerTests : IAsyncLifetime
{
    private readonly CancellationTokenSource _timeout = new(TimeSpan.FromSeconds(60));
    private ServiceBusTestBroker _broker = null!;
    private ServiceBusClient _client = null!;

    private CancellationToken Ct => _timeout.Token;

    public Task InitializeAsync()
    {
        _broker = ServiceBusTestBroker.Start();
        _client = new ServiceBusClient(_broker.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _broker.DisposeAsync();
        _timeout.Dispose();
    }

    [Fact]
    public async Task SendReceiveComplete_RoundTripsPropertiesAndRemovesTheMessage()
    {
        _broker.AddQueue("q");
        var sent = new ServiceBusMessage(BinaryData.FromString("{\"a\":1}"))
        {
            MessageId = "m-1",
            Subject = "onboarding.requested",
            ContentType = "application/json",
            CorrelationId = "corr-1",
        };
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        sent.ApplicationProperties["text"] = "x";
        sent.ApplicationProperties["number"] = 42;
        sent.ApplicationProperties["time"] = time;
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(sent, Ct);

        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");
        ServiceBusReceivedMessage received = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;

        Assert.NotNull(received);
        Assert.Equal("{\"a\":1}", received.Body.ToString());
        Assert.Equal("m-1", received.MessageId);
        Assert.Equal("onboarding.requested", received.Subject);
        Assert.Equal("application/json", received.ContentType);
        Assert.Equal("corr-1", received.CorrelationId);
        Assert.Equal("x", received.ApplicationProperties["text"]);
        Assert.Equal(42, received.ApplicationProperties["number"]);
        Assert.Equal(time, received.ApplicationProperties["time"]);
        Assert.Equal(1, received.DeliveryCount);
        Assert.Equal(1, received.SequenceNumber);
        Assert.NotEqual(Guid.Empty, Guid.Parse(received.LockToken));
        Assert.True(received.LockedUntil > DateTimeOffset.UtcNow);

        await receiver.CompleteMessageAsync(received, Ct);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Ct));
        EntityStats stats = _broker.GetStats("q");
        Assert.Equal(1, stats.Completed);
        Assert.Equal(0, stats.Active + stats.Locked);
    }

    [Fact]
    public async Task Abandon_RedeliversWithAHigherDeliveryCount_ThenDeadLettersAfterMaxDeliveryCount()
    {
        _broker.AddQueue("q", new EntityOptions { MaxDeliveryCount = 3 });
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("body") { MessageId = "m" }, Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");

        var counts = new List<int>();
        for (int i = 0; i < 3; i++)
        {
            ServiceBusReceivedMessage m = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;
            counts.Add(m.DeliveryCount);
            await receiver.AbandonMessageAsync(m, cancellationToken: Ct);
        }

        Assert.Equal([1, 2, 3], counts);
        Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Ct));
        await using ServiceBusReceiver dlq = _client.CreateReceiver("q", new ServiceBusReceiverOptions { SubQueue = SubQueue.DeadLetter });
        ServiceBusReceivedMessage dead = (await dlq.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;
        Assert.Equal("m", dead.MessageId);
        Assert.Equal("MaxDeliveryCountExceeded", dead.DeadLetterReason);
        Assert.Equal("q", dead.DeadLetterSource);
        Assert.Equal(3, _broker.GetStats("q").Abandoned);
    }

    [Fact]
    public async Task DeadLetter_WithReasonAndDescription_IsReadableFromTheDeadLetterQueue()
    {
        _broker.AddQueue("q");
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("bad") { MessageId = "m", Subject = "s" }, Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");
        ServiceBusReceivedMessage m = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;

        await receiver.DeadLetterMessageAsync(m, "ValidationFailed", "hostName: Required.", Ct);

        await using ServiceBusReceiver dlq = _client.CreateReceiver("q/$DeadLetterQueue");
        ServiceBusReceivedMessage dead = (await dlq.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;
        Assert.Equal("ValidationFailed", dead.DeadLetterReason);
        Assert.Equal("hostName: Required.", dead.DeadLetterErrorDescription);
        Assert.Equal("bad", dead.Body.ToString());
        Assert.Equal("s", dead.Subject);
        await dlq.CompleteMessageAsync(dead, Ct);
        Assert.Equal(0, _broker.GetStats("q").Active + _broker.GetStats("q").Locked);
        Assert.Equal(1, _broker.GetStats("q").DeadLettered);
    }

    [Fact]
    public async Task ExpiredLock_RedeliversTheMessage_AndTheOldLockCannotSettle()
    {
        _broker.AddQueue("q", new EntityOptions { LockDuration = TimeSpan.FromSeconds(1) });
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("x"), Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");
        ServiceBusReceivedMessage first = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;

        ServiceBusReceivedMessage second = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;

        Assert.NotNull(second);
        Assert.Equal(first.SequenceNumber, second.SequenceNumber);
        Assert.Equal(2, second.DeliveryCount);
        ServiceBusException lost = await Assert.ThrowsAsync<ServiceBusException>(() => receiver.CompleteMessageAsync(first, Ct));
        Assert.Equal(ServiceBusFailureReason.MessageLockLost, lost.Reason);
        await receiver.CompleteMessageAsync(second, Ct);
        Assert.Equal(1, _broker.GetStats("q").LocksExpired);
    }

    [Fact]
    public async Task RenewLock_ExtendsTheLock()
    {
        _broker.AddQueue("q", new EntityOptions { LockDuration = TimeSpan.FromSeconds(2) });
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("x"), Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");
        ServiceBusReceivedMessage m = (await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct))!;
        DateTimeOffset before = m.LockedUntil;

        for (int i = 0; i < 3; i++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), Ct);
            await receiver.RenewMessageLockAsync(m, Ct);
        }

        Assert.True(m.LockedUntil > before);
        await receiver.CompleteMessageAsync(m, Ct);
        EntityStats stats = _broker.GetStats("q");
        Assert.Equal(3, stats.LocksRenewed);
        Assert.Equal(0, stats.LocksExpired);
        Assert.Equal(1, stats.Deliveries);
    }

    [Fact]
    public async Task Processor_HandlerSlowerThanTheLock_KeepsItByAutomaticRenewal()
    {
        // Service Bus's shortest lock (PT5S). The processor renews when half the lock is left (at most 10 s before it ends): with
        // a 1 s lock that left 0.5 s for the renewal to reach the broker, and on a loaded machine it sometimes came too late.
        _broker.AddQueue("q", new EntityOptions { LockDuration = TimeSpan.FromSeconds(5) });
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("slow"), Ct);
        var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using ServiceBusProcessor processor = _client.CreateProcessor("q", new ServiceBusProcessorOptions { AutoCompleteMessages = false });
        processor.ProcessMessageAsync += async args =>
        {
            await Task.Delay(TimeSpan.FromSeconds(7), args.CancellationToken);
            await args.CompleteMessageAsync(args.Message, args.CancellationToken);
            done.TrySetResult(args.Message.DeliveryCount);
        };
        processor.ProcessErrorAsync += args =>
        {
            done.TrySetException(args.Exception);
            return Task.CompletedTask;
        };

        await processor.StartProcessingAsync(Ct);
        int deliveryCount = await done.Task.WaitAsync(Ct);
        await processor.StopProcessingAsync(Ct);

        EntityStats stats = _broker.GetStats("q");
        Assert.Equal(1, deliveryCount);
        Assert.True(stats.LocksRenewed >= 1, $"renewed {stats.LocksRenewed}");
        Assert.Equal(0, stats.LocksExpired);
        Assert.Equal(1, stats.Completed);
    }

    [Fact]
    public async Task Peek_ReturnsMessagesInOrderWithoutLockingThem()
    {
        _broker.AddQueue("q");
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessagesAsync([new ServiceBusMessage("1") { MessageId = "a" }, new ServiceBusMessage("2") { MessageId = "b" }], Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q");

        IReadOnlyList<ServiceBusReceivedMessage> peeked = await receiver.PeekMessagesAsync(10, cancellationToken: Ct);

        Assert.Equal(["a", "b"], peeked.Select(p => p.MessageId));
        Assert.Equal([1L, 2L], peeked.Select(p => p.SequenceNumber));
        Assert.Equal(2, _broker.GetStats("q").Active);
        Assert.Empty(await receiver.PeekMessagesAsync(10, fromSequenceNumber: 3, cancellationToken: Ct));
    }

    [Fact]
    public async Task Topic_CopiesToEverySubscription_AndDropsADuplicateMessageId()
    {
        _broker.AddTopic("events", TimeSpan.FromHours(1));
        _broker.AddSubscription("events", "one");
        _broker.AddSubscription("events", "two");
        await using ServiceBusSender sender = _client.CreateSender("events");
        var message = new ServiceBusMessage("e") { MessageId = "event-1" };
        message.ApplicationProperties["cloudEvents:type"] = "t";

        await sender.SendMessageAsync(message, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("again") { MessageId = "event-1" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("other") { MessageId = "event-2" }, Ct);

        foreach (string sub in new[] { "one", "two" })
        {
            await using ServiceBusReceiver receiver = _client.CreateReceiver("events", sub);
            IReadOnlyList<ServiceBusReceivedMessage> got = await ReceiveAsync(receiver, 2);
            Assert.Equal(["event-1", "event-2"], got.Select(m => m.MessageId));
            Assert.Equal("e", got[0].Body.ToString());
            Assert.Equal("t", got[0].ApplicationProperties["cloudEvents:type"]);
            Assert.Null(await receiver.ReceiveMessageAsync(TimeSpan.FromMilliseconds(300), Ct));
        }

        Assert.Equal((2L, 1L), _broker.GetTopicStats("events"));
    }

    [Fact]
    public async Task QueueDuplicateDetection_ForgetsAnIdAfterTheWindow()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using ServiceBusTestBroker broker = ServiceBusTestBroker.Start(clock);
        broker.AddQueue("q", new EntityOptions { DuplicateDetectionWindow = TimeSpan.FromMinutes(10) });
        await using var client = new ServiceBusClient(broker.ConnectionString);
        await using ServiceBusSender sender = client.CreateSender("q");

        await sender.SendMessageAsync(new ServiceBusMessage("1") { MessageId = "same" }, Ct);
        await sender.SendMessageAsync(new ServiceBusMessage("2") { MessageId = "same" }, Ct);
        clock.Advance(TimeSpan.FromMinutes(11));
        await sender.SendMessageAsync(new ServiceBusMessage("3") { MessageId = "same" }, Ct);

        EntityStats stats = broker.GetStats("q");
        Assert.Equal(2, stats.Enqueued);
        Assert.Equal(1, stats.DuplicatesDropped);
    }

    [Fact]
    public async Task Batch_IsSplitIntoItsMessages()
    {
        _broker.AddQueue("q");
        await using ServiceBusSender sender = _client.CreateSender("q");
        using ServiceBusMessageBatch batch = await sender.CreateMessageBatchAsync(Ct);
        for (int i = 0; i < 5; i++)
        {
            Assert.True(batch.TryAddMessage(new ServiceBusMessage($"m{i}") { MessageId = $"id-{i}" }));
        }

        await sender.SendMessagesAsync(batch, Ct);
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q", new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.ReceiveAndDelete });
        IReadOnlyList<ServiceBusReceivedMessage> got = await ReceiveAsync(receiver, 5);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"m{i}"), got.Select(m => m.Body.ToString()));
        Assert.Equal(0, _broker.GetStats("q").Active + _broker.GetStats("q").Locked);
    }

    [Fact]
    public async Task MessageReleasedByAReceiverNotWaiting_IsNoDeliveryAttempt()
    {
        // Without prefetch the SDK leaves the credit of a timed-out receive call outstanding and releases what arrives on it.
        _broker.AddQueue("q", new EntityOptions { MaxDeliveryCount = 2 });
        await using ServiceBusReceiver receiver = _client.CreateReceiver("q", new ServiceBusReceiverOptions { PrefetchCount = 0 });
        Assert.Empty(await receiver.ReceiveMessagesAsync(5, TimeSpan.FromMilliseconds(300), Ct));
        await using ServiceBusSender sender = _client.CreateSender("q");
        await sender.SendMessageAsync(new ServiceBusMessage("late") { MessageId = "late" }, Ct);
        await Task.Delay(500, Ct);

        ServiceBusReceivedMessage? m = await receiver.ReceiveMessageAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.NotNull(m);
        Assert.Equal("late", m.MessageId);
        Assert.Equal(1, m.DeliveryCount);
        await receiver.CompleteMessageAsync(m, Ct);
        Assert.Equal(0, _broker.GetStats("q").DeadLettered);
    }

    [Fact]
    public async Task UnknownEntity_IsNotFound()
    {
        await using ServiceBusSender sender = _client.CreateSender("missing");
        ServiceBusException ex = await Assert.ThrowsAsync<ServiceBusException>(() => sender.SendMessageAsync(new ServiceBusMessage("x"), Ct));
        Assert.Equal(ServiceBusFailureReason.MessagingEntityNotFound, ex.Reason);
    }

    private async Task<IReadOnlyList<ServiceBusReceivedMessage>> ReceiveAsync(ServiceBusReceiver receiver, int count)
    {
        var all = new List<ServiceBusReceivedMessage>();
        while (all.Count < count)
        {
            all.AddRange(await receiver.ReceiveMessagesAsync(count - all.Count, TimeSpan.FromSeconds(10), Ct));
        }

        return all;
    }
}
