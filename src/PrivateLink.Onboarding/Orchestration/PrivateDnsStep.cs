using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Activities;
using PrivateLink.Onboarding.Model;

namespace PrivateLink.Onboarding.Orchestration;

/// <summary>
/// Registers each endpoint's names in private DNS once its addresses are known, and removes the records the service owns on offboard
/// and cleanup. A PaaS endpoint gets a <c>privateDnsZoneGroups</c> child (its PUT sent from an activity, its operation polled here on
/// durable timers; Azure writes the A records and removes them with the endpoint); a Private Link Service target gets the service's own
/// A record. A name that cannot be registered is a warning on the endpoint, not a failed onboarding: the probe connects by IP either way.
/// </summary>
internal static class PrivateDnsStep
{
    /// <summary>Registers the names of every endpoint.</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="input">The request.</param>
    /// <param name="endpoints">The endpoints, each with its addresses.</param>
    /// <param name="limits">The bounds of the zone group operation.</param>
    /// <param name="cancelRequested">Completes when an operator cancels; polling stops then.</param>
    /// <returns>The endpoints, each with its <see cref="DestinationEndpoint.Dns"/>.</returns>
    public static async Task<List<DestinationEndpoint>> RegisterAsync(
        TaskOrchestrationContext context, OnboardDestinationInput input, IReadOnlyList<DestinationEndpoint> endpoints, WorkflowLimits limits, Task? cancelRequested)
    {
        ILogger logger = context.CreateReplaySafeLogger(typeof(PrivateDnsStep).FullName!);
        // One zone group per endpoint, on different endpoints: registered side by side (ADLS Gen2's blob and dfs wait once, not twice).
        PrivateDnsRegistration[] results = await Task.WhenAll(endpoints.Select(e => RegisterOneAsync(context, input, e, limits, cancelRequested)));
        List<DestinationEndpoint> registered = [];
        for (int i = 0; i < endpoints.Count; i++)
        {
            if (results[i].Warning is { } warning)
            {
                PrivateDnsActivityLog.NotRegistered(logger, context.InstanceId, input.DestinationId, endpoints[i].Name, warning);
            }

            registered.Add(endpoints[i] with { Dns = results[i] });
        }

        return registered;
    }

    /// <summary>Removes the A records the service wrote for an endpoint (a zone group's records go with the endpoint).</summary>
    /// <param name="context">The orchestration context.</param>
    /// <param name="endpoint">The endpoint.</param>
    /// <returns>Null when nothing is left; otherwise why not.</returns>
    public static async Task<string?> RemoveAsync(TaskOrchestrationContext context, DestinationEndpoint endpoint)
    {
        if (endpoint.Dns is not { OwnedByService: true } dns)
        {
            return null;
        }

        List<string> failures = [];
        foreach (PrivateDnsRecord record in dns.Records)
        {
            try
            {
                await context.CallActivityAsync<bool>(nameof(DeletePrivateDnsRecordActivity), record, RetryPolicies.Arm);
            }
            catch (TaskFailedException ex)
            {
                failures.Add($"private DNS record {record.Fqdn} could not be removed: {ex.FailureDetails.ErrorMessage}");
            }
        }

        return failures.Count == 0 ? null : string.Join("; ", failures);
    }

    private static async Task<PrivateDnsRegistration> RegisterOneAsync(
        TaskOrchestrationContext context, OnboardDestinationInput input, DestinationEndpoint endpoint, WorkflowLimits limits, Task? cancelRequested)
    {
        var request = new RegisterPrivateDnsInput(
            input.DestinationId, input.DestinationType, input.TargetResourceId, endpoint.Name, endpoint.GroupId, endpoint.HostName, endpoint.Endpoint?.PrivateIpAddresses ?? []);
        try
        {
            PrivateDnsRegistration started = await context.CallActivityAsync<PrivateDnsRegistration>(nameof(RegisterPrivateDnsActivity), request, RetryPolicies.Arm);
            if (started.Operation is null)
            {
                return started;
            }

            DateTime deadline = context.CurrentUtcDateTime + limits.OperationTimeout;
            OperationStatus? poll = await EndpointOperations.PollAsync(context, started.Operation, limits, deadline, cancelRequested);
            if (poll?.State != OperationState.Succeeded)
            {
                string how = poll switch
                {
                    null => "Cancelled",
                    { State: OperationState.InProgress } => "TimedOut",
                    { IsTransientFailure: true } => "TransientFailure",
                    _ => "Failed",
                };
                return new PrivateDnsRegistration([], false, $"The zone group of endpoint {endpoint.Name} in zone {started.Zone} did not finish: {how} {poll?.ErrorCode} {poll?.ErrorMessage}".TrimEnd());
            }

            IReadOnlyList<PrivateDnsRecord>? records = await context.CallActivityAsync<IReadOnlyList<PrivateDnsRecord>?>(nameof(GetPrivateDnsRecordsActivity), endpoint.Name, RetryPolicies.Arm);
            return records is { Count: > 0 }
                ? new PrivateDnsRegistration(records, false, null)
                : new PrivateDnsRegistration([], false, $"The zone group of endpoint {endpoint.Name} in zone {started.Zone} holds no record yet.");
        }
        catch (TaskFailedException ex)
        {
            return new PrivateDnsRegistration([], false, $"Private DNS for endpoint {endpoint.Name} was not registered: {ex.FailureDetails.ErrorMessage}");
        }
    }
}

/// <summary>The private DNS names of one endpoint: each FQDN clients resolve, with the private address it answers.</summary>
/// <param name="Records">The A records: the zone group's (Azure keeps them) or the service's own (a Private Link Service target).</param>
/// <param name="OwnedByService">True when the service wrote the records itself and must remove them on offboard and cleanup.</param>
/// <param name="Warning">Why no (or not every) name was registered; null when all went well.</param>
/// <param name="Zone">The zone the zone group of <paramref name="Operation"/> names; null otherwise.</param>
/// <param name="Operation">
/// The zone group PUT still to finish, as <see cref="RegisterPrivateDnsActivity"/> answers for a PaaS endpoint: the orchestrator polls
/// it and replaces the registration with the records Azure wrote. Null once finished, so the status document never holds one.
/// </param>
public sealed record PrivateDnsRegistration(
    IReadOnlyList<PrivateDnsRecord> Records,
    bool OwnedByService,
    string? Warning,
    string? Zone = null,
    PrivateEndpointOperation? Operation = null);
