namespace PrivateLink.ServiceBusBroker;

/// <summary>What one entity of the test broker holds and has done, for assertions.</summary>
/// <param name="Active">Messages waiting to be delivered.</param>
/// <param name="Locked">Messages delivered and locked, not yet settled.</param>
/// <param name="Enqueued">Messages accepted into the entity (after duplicate detection).</param>
/// <param name="DuplicatesDropped">Messages accepted from a sender but dropped as duplicates of a MessageId seen within the window.</param>
/// <param name="Deliveries">Transfers to receivers: each redelivery counts, and so does a message the receiver released unprocessed (the SDK
/// without prefetch releases one that arrives on its outstanding credit while no receive call waits; that is no delivery attempt).</param>
/// <param name="Completed">Messages completed.</param>
/// <param name="Abandoned">Messages abandoned by a receiver.</param>
/// <param name="DeadLettered">Messages moved to the dead-letter queue (by a receiver or by MaxDeliveryCount).</param>
/// <param name="LocksRenewed">Successful lock renewals.</param>
/// <param name="LocksExpired">Locks that expired before settlement.</param>
public sealed record EntityStats(
    int Active, int Locked, long Enqueued, long DuplicatesDropped, long Deliveries, long Completed, long Abandoned, long DeadLettered, long LocksRenewed, long LocksExpired);
