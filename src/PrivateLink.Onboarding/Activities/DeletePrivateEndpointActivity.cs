using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Deletes a destination's private endpoint (idempotent: an endpoint already gone counts as deleted).</summary>
public sealed class DeletePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<DeletePrivateEndpointActivity> logger)
    : TaskActivity<string, bool>
{
    /// <inheritdoc/>
    public override async Task<bool> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        bool existed = await arm.DeletePrivateEndpointAsync(endpointName, CancellationToken.None);
        Log.EndpointDeleted(logger, context.InstanceId, endpointName, existed);
        return existed;
    }
}
