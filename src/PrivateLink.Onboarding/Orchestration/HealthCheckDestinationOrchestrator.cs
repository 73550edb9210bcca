using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>
/// Checks the health of a Ready (or Degraded) destination: reads each endpoint from ARM and, when the connection still stands,
/// probes every port again. Moves the destination to <see cref="OnboardingStage.EndpointMissing"/>, <see cref="OnboardingStage.Disconnected"/>
/// or <see cref="OnboardingStage.Degraded"/> with the reason, or back to <see cref="OnboardingStage.Ready"/> when a Degraded one heals;
/// a change publishes a destination event (and so a ticket comment), a check that changes nothing only refreshes the status.
/// </summary>
/// <remarks>
/// Started by the approval watcher's pass on the destination's instance id (<c>onboard-{destinationId}</c>), so the status API keeps
/// one place per destination and an operator's offboard or re-check works from every stage it leaves. A short run: no timer
/// holds the instance between checks, so a Ready destination costs nothing in the task hub between two passes.
/// </remarks>
public sealed class HealthCheckDestinationOrchestrator : TaskOrchestrator<RecheckInput, OnboardingStatus>
{
    /// <inheritdoc/>
    public override async Task<OnboardingStatus> RunAsync(TaskOrchestrationContext context, RecheckInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ILogger logger = context.CreateReplaySafeLogger<HealthCheckDestinationOrchestrator>();
        string destinationId = input.Request.DestinationId;
        var status = new StatusTracker(context, input.Request, input.Previous);
        OnboardingStage before = input.Previous?.Stage ?? OnboardingStage.Ready;
        WorkflowLimits limits = input.Request.Limits ?? WorkflowLimits.Default;
        try
        {
            List<DestinationEndpoint> endpoints = DestinationEndpoints.From(input.Request, input.Previous);
            List<string> missing = [];
            for (int i = 0; i < endpoints.Count; i++)
            {
                PrivateEndpointInfo? current = await context.CallActivityAsync<PrivateEndpointInfo?>(nameof(GetConnectionStateActivity), endpoints[i].Name, RetryPolicies.Arm);
                if (current is null)
                {
                    missing.Add(endpoints[i].Name);
                }
                else
                {
                    endpoints[i] = endpoints[i] with { Endpoint = current };
                }
            }

            if (missing.Count > 0)
            {
                HealthLog.HealthChanged(logger, context.InstanceId, destinationId, before.ToString(), nameof(OnboardingStage.EndpointMissing), string.Join(",", missing));
                return await EndWithoutEndpointAsync(
                    context,
                    status,
                    input,
                    endpoints,
                    limits,
                    OnboardingStage.EndpointMissing,
                    $"Endpoint {string.Join(" and ", missing)} was deleted outside this service; the destination is no longer reachable over Private Link. Submit the onboarding again to create a new endpoint.");
            }

            status.UpdateEndpoints(endpoints);
            if (endpoints.FirstOrDefault(e => e.Endpoint!.ConnectionStatus is ConnectionStatus.Rejected or ConnectionStatus.Disconnected) is { } refused)
            {
                HealthLog.HealthChanged(logger, context.InstanceId, destinationId, before.ToString(), nameof(OnboardingStage.Disconnected), refused.Endpoint!.ConnectionStatus.ToString());
                string verb = refused.Endpoint.ConnectionStatus == ConnectionStatus.Disconnected ? "removed" : "rejected";
                return await EndWithoutEndpointAsync(
                    context,
                    status,
                    input,
                    endpoints,
                    limits,
                    OnboardingStage.Disconnected,
                    $"The customer {verb} the connection of endpoint {refused.Name} ({refused.Endpoint.ConnectionStatus} in ARM: {refused.Endpoint.ConnectionDescription}). Such a connection cannot be approved again: submit the onboarding again for a new connection request.");
            }

            if (endpoints.FirstOrDefault(e => e.Endpoint!.ConnectionStatus != ConnectionStatus.Approved) is { } notApproved)
            {
                return await DegradeAsync(context, status, input, before, $"The connection of endpoint {notApproved.Name} is {notApproved.Endpoint!.ConnectionStatus} in ARM; not probed.");
            }

            List<DestinationEndpoint> addressed = (await ConnectivityStep.WaitForAddressesAsync(context, endpoints, limits, cancelRequested: null))!;
            status.UpdateEndpoints(addressed);
            if (ConnectivityStep.MissingAddresses(addressed, limits) is { } noAddress)
            {
                return await DegradeAsync(context, status, input, before, noAddress);
            }

            List<DestinationEndpoint> probed = (await ConnectivityStep.RunAsync(context, input.Request, addressed))!;
            status.UpdateEndpoints(probed);
            string summary = ConnectivityStep.Summarize(probed);
            if (!probed.All(e => e.Probes!.All(r => r.Succeeded)))
            {
                return await DegradeAsync(context, status, input, before, $"A re-probe failed: {summary}. The endpoint is kept and probed again; it returns to Ready once every port answers.");
            }

            if (before != OnboardingStage.Ready)
            {
                HealthLog.HealthChanged(logger, context.InstanceId, destinationId, before.ToString(), nameof(OnboardingStage.Ready), summary);
                return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Ready, $"Healed: every port answers again. {summary}", input.Actor);
            }

            // Still Ready: the probe results and the time of this check are refreshed, no event is published.
            status.UpdateDetail(summary);
            return status.Current;
        }
        catch (TaskFailedException ex)
        {
            // ARM or a probe activity failed after its retries: the destination's stage is left as it was; the next pass checks again.
            HealthLog.HealthCheckFailed(logger, context.InstanceId, destinationId, ex.FailureDetails.ErrorMessage);
            status.UpdateDetail($"{input.Previous?.Detail} (last health check failed: {ex.FailureDetails.ErrorMessage})");
            return status.Current;
        }
    }

    private static async Task<OnboardingStatus> DegradeAsync(TaskOrchestrationContext context, StatusTracker status, RecheckInput input, OnboardingStage before, string detail)
    {
        if (before == OnboardingStage.Degraded)
        {
            // Still degraded: refresh the reason without a new timeline entry or event.
            status.UpdateDetail(detail);
            return status.Current;
        }

        HealthLog.HealthChanged(context.CreateReplaySafeLogger<HealthCheckDestinationOrchestrator>(), context.InstanceId, input.Request.DestinationId, before.ToString(), nameof(OnboardingStage.Degraded), detail);
        return await WorkflowSteps.FinishAsync(context, status, input.Request, OnboardingStage.Degraded, detail, input.Actor);
    }

    /// <summary>Enters a stage whose endpoint cannot come back (the event goes out at once), then deletes what is left of the destination's endpoints.</summary>
    private static async Task<OnboardingStatus> EndWithoutEndpointAsync(
        TaskOrchestrationContext context, StatusTracker status, RecheckInput input, List<DestinationEndpoint> endpoints, WorkflowLimits limits, OnboardingStage stage, string detail)
    {
        await WorkflowSteps.FinishAsync(context, status, input.Request, stage, $"{detail} Deleting endpoint {DestinationEndpoints.Names(endpoints)}.", input.Actor);
        string? cleanup = await WorkflowSteps.DeleteEndpointsAsync(context, endpoints, limits);
        string final = WorkflowSteps.WithCleanup($"{detail} The endpoint was deleted.", cleanup);
        status.UpdateDetail(final);
        return status.Current;
    }
}
