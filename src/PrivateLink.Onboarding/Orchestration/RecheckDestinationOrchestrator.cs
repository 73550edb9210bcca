using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>Runs the connectivity check of an onboarded destination again, after reading its endpoints' connection state from ARM.</summary>
/// <remarks>Runs on the destination's instance id (<c>onboard-{destinationId}</c>) so the status API keeps one place per destination.</remarks>
public sealed class RecheckDestinationOrchestrator : TaskOrchestrator<RecheckInput, OnboardingStatus>
{
    /// <inheritdoc/>
    public override async Task<OnboardingStatus> RunAsync(TaskOrchestrationContext context, RecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<RecheckDestinationOrchestrator>();
        var status = new StatusTracker(context, input.Request, input.Previous);
        WorkflowLimits limits = input.Request.Limits ?? WorkflowLimits.Default;
        try
        {
            status.Enter(OnboardingStage.CheckingConnectivity, "Re-check requested: reading the connection state from ARM.", input.Actor);
            List<DestinationEndpoint> endpoints = DestinationEndpoints.From(input.Request, input.Previous);
            for (int i = 0; i < endpoints.Count; i++)
            {
                PrivateEndpointInfo? endpoint = await context.CallActivityAsync<PrivateEndpointInfo?>(nameof(GetConnectionStateActivity), endpoints[i].Name, RetryPolicies.Arm);
                if (endpoint is null)
                {
                    return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, $"Endpoint {endpoints[i].Name} no longer exists; submit the onboarding again.");
                }

                endpoints[i] = endpoints[i] with { Endpoint = endpoint, Probes = null };
            }

            status.UpdateEndpoints(endpoints);
            if (endpoints.FirstOrDefault(e => e.Endpoint!.ConnectionStatus is ConnectionStatus.Rejected or ConnectionStatus.Disconnected) is { } refused)
            {
                // A refused connection cannot be approved again: delete the endpoint like the first run does, so a new submission starts clean.
                string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
                return await WorkflowSteps.FinishAsync(
                    context,
                    status,
                    input.Request,
                    OnboardingStage.Rejected,
                    WorkflowSteps.WithCleanup($"The connection of {refused.Name} is {refused.Endpoint!.ConnectionStatus} in ARM: {refused.Endpoint.ConnectionDescription}; the endpoint was deleted. Submit the onboarding again for a new connection request.", cleanup));
            }

            if (endpoints.FirstOrDefault(e => e.Endpoint!.ConnectionStatus != ConnectionStatus.Approved) is { } notApproved)
            {
                return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Rejected, $"The connection of {notApproved.Name} is {notApproved.Endpoint!.ConnectionStatus} in ARM: {notApproved.Endpoint.ConnectionDescription}. Offboard and onboard again.");
            }

            return (await OnboardDestinationOrchestrator.CheckConnectivityAsync(context, status, input.Request, endpoints, limits, cancelRequested: null))!;
        }
        catch (TaskFailedException ex)
        {
            Log.WorkflowFailed(logger, context.InstanceId, input.Request.DestinationId, ex.FailureDetails.ErrorMessage);
            await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Failed, ex.FailureDetails.ErrorMessage);
            throw;
        }
    }
}
