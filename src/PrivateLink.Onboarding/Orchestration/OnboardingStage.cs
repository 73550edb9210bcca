namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Where an onboarding stands.</summary>
public enum OnboardingStage
{
    /// <summary>Accepted; the workflow has not started yet.</summary>
    Submitted,

    /// <summary>Checking the target resource against ARM.</summary>
    Validating,

    /// <summary>Creating the private endpoint with a manual connection request.</summary>
    CreatingEndpoint,

    /// <summary>Waiting for the customer to approve the connection.</summary>
    AwaitingApproval,

    /// <summary>Probing every port, TLS first.</summary>
    CheckingConnectivity,

    /// <summary>Done: the destination is reachable.</summary>
    Ready,

    /// <summary>The target is not usable (missing, wrong type, groupId not offered).</summary>
    ValidationFailed,

    /// <summary>The customer rejected (or removed) the connection; the endpoint was deleted.</summary>
    Rejected,

    /// <summary>Nobody approved within the timeout; the endpoint was deleted.</summary>
    ApprovalTimedOut,

    /// <summary>The connection is approved but a port did not answer as required; the endpoint is kept for a re-check.</summary>
    ConnectivityFailed,

    /// <summary>An operator cancelled; the endpoint was deleted.</summary>
    Cancelled,

    /// <summary>An unexpected error stopped the workflow; its message is kept.</summary>
    Failed,

    /// <summary>Deleting the endpoint of a destination being offboarded.</summary>
    Offboarding,

    /// <summary>The destination was offboarded; its endpoint is gone.</summary>
    Offboarded,

    /// <summary>Was Ready; the connection is still approved but a re-probe failed. The endpoint is kept and watched: it returns to Ready when a re-probe passes.</summary>
    Degraded,

    /// <summary>Was Ready; the customer removed or rejected the connection. A removed or rejected connection cannot be approved again, so the endpoint was deleted: submit again.</summary>
    Disconnected,

    /// <summary>Was Ready; the endpoint was deleted outside this service (any other endpoint of the destination was deleted too): submit again.</summary>
    EndpointMissing,
}
