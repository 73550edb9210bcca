namespace PrivateLink.ServiceBusBroker;

/// <summary>A queue, a subscription or a dead-letter queue: peek-lock deliveries, settlement, lock expiry and MaxDeliveryCount.</summary>
/// <remarks>Every member is called with the broker's lock held; link calls go to <c>after</c>, run once the lock is released.</remarks>
internal sealed class MessageEntity(string path, EntityOptions options, MessageEntity? deadLetter, TimeProvider time)
{
    public const string MaxDeliveryCountExceeded = "MaxDeliveryCountExceeded";

    private readonly SortedDictionary<long, StoredMessage> _available = [];
    private readonly Dictionary<Guid, StoredMessage> _locked = [];
    private readonly List<Consumer> _consumers = [];
    private long _sequence;
    private int _nextConsumer;
    private long _enqueued;
    private long _deliveries;
    private long _completed;
    private long _abandoned;
    private long _deadLettered;
    private long _renewed;
    private long _expired;

    public string Path { get; } = path;

    public EntityOptions Options { get; } = options;

    public MessageEntity? DeadLetter { get; } = deadLetter;

    public long DuplicatesDropped { get; set; }

    public EntityStats Stats() =>
        new(_available.Count, _locked.Count, _enqueued, DuplicatesDropped, _deliveries, _completed, _abandoned, _deadLettered, _renewed, _expired);

    public void Attach(Consumer consumer) => _consumers.Add(consumer);

    public void Detach(Consumer consumer) => _consumers.Remove(consumer);

    public void Enqueue(byte[] payload, string? deadLetterSource, List<Action> after)
    {
        var message = new StoredMessage(payload, ++_sequence, time.GetUtcNow().UtcDateTime, deadLetterSource);
        _available.Add(message.SequenceNumber, message);
        _enqueued++;
        Pump(after);
    }

    /// <summary>Gives available messages to consumers with credit, round-robin, locking each (peek-lock) or removing it (receive-and-delete).</summary>
    public void Pump(List<Action> after)
    {
        while (_available.Count > 0)
        {
            Consumer? consumer = NextWithCredit();
            if (consumer is null)
            {
                return;
            }

            StoredMessage message = _available.First().Value;
            _available.Remove(message.SequenceNumber);
            consumer.Credit--;
            message.DeliveryCount++;
            _deliveries++;
            if (consumer.ReceiveAndDelete)
            {
                _completed++;
                DeliverySnapshot snapshot = message.Snapshot(locked: false);
                after.Add(() => consumer.Send(snapshot, Guid.NewGuid()));
                continue;
            }

            message.LockToken = Guid.NewGuid();
            message.LockedUntilUtc = time.GetUtcNow().UtcDateTime + Options.LockDuration;
            message.LockedBy = consumer;
            _locked.Add(message.LockToken, message);
            DeliverySnapshot locked = message.Snapshot(locked: true);
            after.Add(() => consumer.Send(locked, locked.LockToken!.Value));
        }
    }

    /// <summary>Finds the message a consumer's settlement names; null when its lock expired or it was delivered on another link.</summary>
    public StoredMessage? LockedBy(Consumer consumer, Guid lockToken) =>
        _locked.TryGetValue(lockToken, out StoredMessage? message) && message.LockedBy == consumer ? message : null;

    /// <summary>Finds a locked message by its token whichever link received it (settlement through <c>$management</c>).</summary>
    public StoredMessage? Locked(Guid lockToken) => _locked.GetValueOrDefault(lockToken);

    public void Complete(StoredMessage message)
    {
        _locked.Remove(message.LockToken);
        _completed++;
    }

    public void Abandon(StoredMessage message, IReadOnlyList<KeyValuePair<string, object?>> propertiesToModify, List<Action> after)
    {
        _locked.Remove(message.LockToken);
        _abandoned++;
        if (propertiesToModify.Count > 0)
        {
            message.Payload = MessageCodec.WithApplicationProperties(message.Payload, propertiesToModify);
        }

        Release(message, after, countAttempt: true);
    }

    /// <summary>Takes back a message the receiver released unprocessed (AMQP released: not a delivery attempt, so the count is not raised).</summary>
    public void Release(StoredMessage message, List<Action> after)
    {
        _locked.Remove(message.LockToken);
        message.DeliveryCount--;
        Release(message, after, countAttempt: false);
    }

    public void DeadLetterLocked(StoredMessage message, string? reason, string? description, IReadOnlyList<KeyValuePair<string, object?>> properties, List<Action> after)
    {
        _locked.Remove(message.LockToken);
        MoveToDeadLetter(message, reason, description, properties, after);
    }

    /// <summary>Renews a lock; null when the token is not locked any more.</summary>
    public DateTime? Renew(Guid lockToken)
    {
        if (!_locked.TryGetValue(lockToken, out StoredMessage? message))
        {
            return null;
        }

        message.LockedUntilUtc = time.GetUtcNow().UtcDateTime + Options.LockDuration;
        _renewed++;
        return message.LockedUntilUtc;
    }

    /// <summary>Returns up to <paramref name="count"/> messages, locked or not, from a sequence number on, without locking them.</summary>
    public List<DeliverySnapshot> Peek(long fromSequenceNumber, int count) =>
        [.. _available.Values.Concat(_locked.Values).Where(m => m.SequenceNumber >= fromSequenceNumber)
            .OrderBy(m => m.SequenceNumber).Take(count).Select(m => m.Snapshot(locked: false))];

    /// <summary>Releases every lock whose time is up: the message is delivered again, or dead-lettered after MaxDeliveryCount.</summary>
    public void ExpireLocks(DateTime nowUtc, List<Action> after)
    {
        if (_locked.Count == 0)
        {
            return;
        }

        foreach (StoredMessage message in _locked.Values.Where(m => m.LockedUntilUtc <= nowUtc).ToList())
        {
            _locked.Remove(message.LockToken);
            _expired++;
            Release(message, after, countAttempt: true);
        }
    }

    private void Release(StoredMessage message, List<Action> after, bool countAttempt)
    {
        message.LockedBy = null;
        if (countAttempt && DeadLetter is not null && message.DeliveryCount >= Options.MaxDeliveryCount)
        {
            MoveToDeadLetter(message, MaxDeliveryCountExceeded, $"Message could not be consumed after {Options.MaxDeliveryCount} delivery attempts.", [], after);
            return;
        }

        _available.Add(message.SequenceNumber, message);
        Pump(after);
    }

    private void MoveToDeadLetter(StoredMessage message, string? reason, string? description, IReadOnlyList<KeyValuePair<string, object?>> properties, List<Action> after)
    {
        _deadLettered++;
        if (DeadLetter is null)
        {
            return; // a dead-letter queue has none: Service Bus refuses this too; the message is dropped
        }

        var set = new List<KeyValuePair<string, object?>>(properties);
        if (reason is not null)
        {
            set.Add(new(MessageCodec.DeadLetterReasonProperty, reason));
        }

        if (description is not null)
        {
            set.Add(new(MessageCodec.DeadLetterDescriptionProperty, description));
        }

        DeadLetter.Enqueue(MessageCodec.WithApplicationProperties(message.Payload, set), Path, after);
    }

    private Consumer? NextWithCredit()
    {
        for (int i = 0; i < _consumers.Count; i++)
        {
            Consumer candidate = _consumers[(_nextConsumer + i) % _consumers.Count];
            if (candidate.HasCredit)
            {
                _nextConsumer = (_nextConsumer + i + 1) % _consumers.Count;
                return candidate;
            }
        }

        return null;
    }
}
