namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>How the intake settled a message.</summary>
public enum IntakeOutcome
{
    /// <summary>Handled and completed (started, already running, cancelled, or nothing left to cancel).</summary>
    Completed,

    /// <summary>Dead-lettered: it can never succeed.</summary>
    DeadLettered,

    /// <summary>Abandoned after a transient failure; Service Bus redelivers it.</summary>
    Abandoned,
}
