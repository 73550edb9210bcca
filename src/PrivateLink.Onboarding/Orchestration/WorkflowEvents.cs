namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Names of the external events the onboarding workflow waits for.</summary>
public static class WorkflowEvents
{
    /// <summary>Someone (the approval webhook, the watcher, the customer's portal action) says the connection state may have changed.</summary>
    /// <remarks>The payload is never believed: the workflow reads the real state from ARM.</remarks>
    public const string ConnectionStateChanged = nameof(ConnectionStateChanged);

    /// <summary>An operator asked to stop the onboarding; the endpoint is deleted.</summary>
    public const string CancelRequested = nameof(CancelRequested);
}
