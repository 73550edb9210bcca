using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Runs the connectivity check of an onboarded destination again, after reading its connection state from ARM.</summary>
/// <remarks>Runs on the destination's instance id (<c>onboard-{destinationId}</c>) so the status API keeps one place per destination.</remarks>
public sealed class RecheckDestinationOrchestrator : TaskOrchestrator<RecheckInput, OnboardingOutcome>
{
    /// <inheritdoc/>
    public override async Task<OnboardingOutcome> RunAsync(TaskOrchestrationContext context, RecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<RecheckDestinationOrchestrator>();
        var status = new StatusTracker(context, input.Request.DestinationId, input.Previous);
        try
        {
            status.Enter(OnboardingStage.CheckingConnectivity, "Re-check requested: reading the connection state from ARM.", input.Actor);
            EndpointSummary? endpoint = await context.CallActivityAsync<EndpointSummary?>(nameof(GetConnectionStateActivity), input.Request.EndpointName, RetryPolicies.Arm);
            if (endpoint is null)
            {
                return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, $"Endpoint {input.Request.EndpointName} no longer exists; submit the onboarding again.");
            }

            status.Update(endpoint: endpoint);
            if (endpoint.ConnectionStatus != ConnectionStatus.Approved)
            {
                return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Rejected, $"The connection is {endpoint.ConnectionStatus} in ARM: {endpoint.ConnectionDescription}. Offboard and onboard again.");
            }

            return await OnboardDestinationOrchestrator.CheckConnectivityAsync(context, status, input.Request, endpoint);
        }
        catch (TaskFailedException ex)
        {
            Log.WorkflowFailed(logger, context.InstanceId, input.Request.DestinationId, ex.FailureDetails.ErrorMessage);
            await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, ex.FailureDetails.ErrorMessage);
            throw;
        }
    }
}
