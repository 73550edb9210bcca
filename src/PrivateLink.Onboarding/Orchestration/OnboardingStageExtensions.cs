using Microsoft.DurableTask.Client;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Classifies stages: the one place that says which stages end a workflow, which end it well, which keep an approved endpoint and which may still await approval.</summary>
public static class OnboardingStageExtensions
{
    private static readonly OrchestrationRuntimeStatus[] InFlightStatuses =
        [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended];

    private static readonly OrchestrationRuntimeStatus[] EndedStatuses = [OrchestrationRuntimeStatus.Completed, OrchestrationRuntimeStatus.Failed, .. InFlightStatuses];

    private static readonly OrchestrationRuntimeStatus[] FailedStatuses = [OrchestrationRuntimeStatus.Terminated, .. EndedStatuses];

    /// <summary>Tells whether the workflow has ended in this stage.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and every failure or end stage.</returns>
    public static bool IsTerminal(this OnboardingStage stage) => stage is OnboardingStage.Ready
        or OnboardingStage.ValidationFailed or OnboardingStage.Rejected or OnboardingStage.ApprovalTimedOut
        or OnboardingStage.ConnectivityFailed or OnboardingStage.Cancelled or OnboardingStage.Failed or OnboardingStage.Offboarded
        or OnboardingStage.Degraded or OnboardingStage.Disconnected or OnboardingStage.EndpointMissing;

    /// <summary>Tells whether a terminal stage is a successful end of its workflow (counted as completed, not failed).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and Offboarded.</returns>
    public static bool IsSuccessfulEnd(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.Offboarded;

    /// <summary>Tells whether the destination still has a private endpoint that an operator may re-check or offboard.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready, ConnectivityFailed and Degraded.</returns>
    public static bool HasApprovedEndpoint(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.ConnectivityFailed or OnboardingStage.Degraded;

    /// <summary>Tells whether the health watch looks after a destination in this stage (its endpoint in ARM, and a re-probe on an interval).</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for Ready and Degraded.</returns>
    public static bool IsWatchedForHealth(this OnboardingStage stage) => stage is OnboardingStage.Ready or OnboardingStage.Degraded;

    /// <summary>Tells whether an onboarding in this stage may still be waiting for the customer's approval, so that an approval notice is accepted.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>True for every stage up to and including AwaitingApproval (a notice sent early is buffered by the workflow).</returns>
    public static bool MayAwaitApproval(this OnboardingStage stage) => stage is OnboardingStage.Submitted
        or OnboardingStage.Validating or OnboardingStage.CreatingEndpoint or OnboardingStage.AwaitingApproval;

    /// <summary>Tells which runtime statuses an instance whose status document is in this stage can have, so a list by stage queries only those.</summary>
    /// <param name="stage">The stage.</param>
    /// <returns>
    /// For a stage before the end of a workflow: Running, Pending or Suspended (a run that stops on an unexpected error before an end
    /// stage reads as Failed, see <see cref="StageOf"/>). For an end stage: Completed, Failed when an unexpected error stopped the run
    /// after it, and Running, Pending or Suspended while a follow-up run (re-check, health check, offboarding) starts from it;
    /// for Failed also Terminated (an operator's termination reads as Failed).
    /// </returns>
    public static IReadOnlyList<OrchestrationRuntimeStatus> RuntimeStatuses(this OnboardingStage stage) =>
        !stage.IsTerminal() ? InFlightStatuses
        : stage == OnboardingStage.Failed ? FailedStatuses
        : EndedStatuses;

    /// <summary>Reads where an instance stands from its runtime status and the stage its status document names.</summary>
    /// <param name="runtimeStatus">The instance's runtime status.</param>
    /// <param name="documentStage">The stage of its status document (Submitted before it published one).</param>
    /// <returns>The document's stage; Failed when an operator terminated the run, or when it stopped (failed, terminated) before an end stage.</returns>
    public static OnboardingStage StageOf(OrchestrationRuntimeStatus runtimeStatus, OnboardingStage documentStage) =>
        runtimeStatus == OrchestrationRuntimeStatus.Terminated ? OnboardingStage.Failed
        : runtimeStatus == OrchestrationRuntimeStatus.Failed && !documentStage.IsTerminal() ? OnboardingStage.Failed
        : documentStage;
}
