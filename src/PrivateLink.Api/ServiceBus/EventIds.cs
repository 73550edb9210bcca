namespace PrivateLink.Api.ServiceBus;

/// <summary>Logging event ids of the Service Bus intake and events (4600-4699).</summary>
internal static class EventIds
{
    public const int MessageHandled = 4600;
    public const int MessageDeadLettered = 4601;
    public const int MessageAbandoned = 4602;
    public const int IntakeDisabled = 4603;
    public const int IntakeStarted = 4604;
    public const int ProcessorError = 4605;
    public const int QueueDrained = 4606;
    public const int DrainLockLost = 4607;
    public const int EventPublished = 4610;
    public const int EventPublishFailed = 4611;
}
