namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Classifies stages.</summary>
public static class OnboardingStageExtensions
{
    /// <summary>Tells whether the workflow has ended in this stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and every failure or end stage.</returns>
    public static bool IsTerminal(this OnboardingStage stage) => stage is OnboardingStage.Ready
        or OnboardingStage.ValidationFailed or OnboardingStage.Rejected or OnboardingStage.ApprovalTimedOut
        or OnboardingStage.ConnectivityFailed or OnboardingStage.Cancelled or OnboardingStage.Failed or OnboardingStage.Offboarded
        or OnboardingStage.Degraded or OnboardingStage.Disconnected or OnboardingStage.EndpointMissing;

    /// <summary>Tells whether the destination still has a private endpoint that an operator may re-check or offboard.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready, ConnectivityFailed and Degraded.</returns>
    public static bool HasApprovedEndpoint(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.ConnectivityFailed or OnboardingStage.Degraded;

    /// <summary>Tells whether the health watch looks after a destination in this stage (its endpoint in ARM, and a re-probe on an interval).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and Degraded.</returns>
    public static bool IsWatchedForHealth(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.Degraded;
}
