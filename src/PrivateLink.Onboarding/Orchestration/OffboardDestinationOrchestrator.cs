using Microsoft.DurableTask;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Offboards a destination: deletes its private endpoint and records the end of its lifecycle.</summary>
/// <remarks>Runs on the destination's instance id (<c>onboard-{destinationId}</c>).</remarks>
public sealed class OffboardDestinationOrchestrator : TaskOrchestrator<RecheckInput, OnboardingOutcome>
{
    /// <inheritdoc/>
    public override async Task<OnboardingOutcome> RunAsync(TaskOrchestrationContext context, RecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var status = new StatusTracker(context, input.Request.DestinationId, input.Previous);
        status.Enter(OnboardingStage.Offboarding, $"Deleting private endpoint {input.Request.EndpointName}.", input.Actor);
        string? failure = await WorkflowSteps.DeleteEndpointAsync(context, input.Request);
        if (failure is not null)
        {
            return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, failure);
        }

        return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Offboarded, $"Private endpoint {input.Request.EndpointName} deleted.");
    }
}
