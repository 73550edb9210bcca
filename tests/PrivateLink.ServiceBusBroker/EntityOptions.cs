namespace PrivateLink.ServiceBusBroker;

/// <summary>Settings of a queue or subscription of the test broker (the Service Bus properties of the same names).</summary>
public sealed class EntityOptions
{
    /// <summary>Gets how long a peek-lock lasts before the message is redelivered.</summary>
    /// <value>The default is 30 seconds.</value>
    public TimeSpan LockDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets how many deliveries a message gets before it is dead-lettered with <c>MaxDeliveryCountExceeded</c>.</summary>
    /// <value>The default is 10, as in Service Bus.</value>
    public int MaxDeliveryCount { get; init; } = 10;

    /// <summary>Gets the duplicate-detection window of a queue (for a topic see <see cref="ServiceBusTestBroker.AddTopic"/>); none means off.</summary>
    /// <value>The default is off.</value>
    public TimeSpan? DuplicateDetectionWindow { get; init; }
}
