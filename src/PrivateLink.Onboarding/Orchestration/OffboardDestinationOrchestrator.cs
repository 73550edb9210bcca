using Microsoft.DurableTask;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Offboards a destination: deletes its private endpoints and records the end of its lifecycle.</summary>
/// <remarks>Runs on the destination's instance id (<c>onboard-{destinationId}</c>).</remarks>
public sealed class OffboardDestinationOrchestrator : TaskOrchestrator<RecheckInput, OnboardingStatus>
{
    /// <inheritdoc/>
    public override async Task<OnboardingStatus> RunAsync(TaskOrchestrationContext context, RecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        var status = new StatusTracker(context, input.Request, input.Previous);
        List<DestinationEndpoint> endpoints = DestinationEndpoints.From(input.Request, input.Previous);
        string names = DestinationEndpoints.Names(endpoints);
        status.Enter(OnboardingStage.Offboarding, $"Deleting private endpoint {names}.", input.Actor);
        string? failure = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, input.Request.Limits ?? WorkflowLimits.Default);
        if (failure is not null)
        {
            return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, failure);
        }

        return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Offboarded, $"Private endpoint {names} deleted.");
    }
}
