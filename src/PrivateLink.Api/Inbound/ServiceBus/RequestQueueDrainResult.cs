namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>What one drain of the request queue did.</summary>
/// <param name="Enabled">False when the intake is not configured (nothing was received).</param>
/// <param name="Received">Messages received.</param>
/// <param name="Completed">Messages handled and completed.</param>
/// <param name="DeadLettered">Messages dead-lettered (they can never succeed).</param>
/// <param name="Abandoned">Messages abandoned after a transient failure.</param>
/// <param name="Released">Messages received but abandoned unhandled because the deadline came first; the next drain gets them.</param>
/// <param name="LocksLost">Messages handled whose lock had expired when they were settled; Service Bus delivers them again, and the
/// handler's de-duplication by destination makes the second handling start nothing twice.</param>
/// <param name="StoppedAtDeadline">True when the drain stopped for the deadline rather than an empty queue or the message budget.</param>
public sealed record RequestQueueDrainResult(bool Enabled, int Received, int Completed, int DeadLettered, int Abandoned, int Released, int LocksLost, bool StoppedAtDeadline)
{
    /// <summary>Gets the result of a drain that did nothing because the intake is off.</summary>
    public static RequestQueueDrainResult Disabled { get; } = new(false, 0, 0, 0, 0, 0, 0, false);
}
