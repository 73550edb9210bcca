namespace PrivateLink.ServiceBusBroker;

/// <summary>One message held by an entity: the encoded AMQP message as the sender sent it, plus the broker's state of it.</summary>
internal sealed class StoredMessage(byte[] payload, long sequenceNumber, DateTime enqueuedTimeUtc, string? deadLetterSource)
{
    public byte[] Payload { get; set; } = payload;

    public long SequenceNumber { get; } = sequenceNumber;

    public DateTime EnqueuedTimeUtc { get; } = enqueuedTimeUtc;

    public string? DeadLetterSource { get; } = deadLetterSource;

    /// <summary>Gets or sets how many times the message was delivered.</summary>
    public int DeliveryCount { get; set; }

    public Guid LockToken { get; set; }

    public DateTime LockedUntilUtc { get; set; }

    public Consumer? LockedBy { get; set; }

    /// <summary>Takes what a delivery (or a peek) needs, so the message can be encoded outside the broker's lock.</summary>
    public DeliverySnapshot Snapshot(bool locked) =>
        new(Payload, SequenceNumber, EnqueuedTimeUtc, DeliveryCount, locked ? LockToken : null, locked ? LockedUntilUtc : null, DeadLetterSource);
}

/// <summary>An immutable view of a stored message at the moment of a delivery or a peek.</summary>
internal sealed record DeliverySnapshot(
    byte[] Payload, long SequenceNumber, DateTime EnqueuedTimeUtc, int DeliveryCount, Guid? LockToken, DateTime? LockedUntilUtc, string? DeadLetterSource);
