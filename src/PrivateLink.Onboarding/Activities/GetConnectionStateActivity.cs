using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;
using PrivateLink.Onboarding.Orchestration;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Reads the real connection state of a destination's endpoint from ARM (the check every approval event goes through).</summary>
public sealed class GetConnectionStateActivity(IPrivateEndpointClient arm, ILogger<GetConnectionStateActivity> logger)
    : TaskActivity<string, PrivateEndpointInfo?>
{
    /// <inheritdoc/>
    public override async Task<PrivateEndpointInfo?> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        PrivateEndpointInfo? endpoint = await arm.GetPrivateEndpointAsync(endpointName, CancellationToken.None);
        Log.ConnectionStateRead(logger, context.InstanceId, endpointName, endpoint?.ConnectionStatus.ToString() ?? "NotFound");
        return endpoint is null ? null : endpoint;
    }
}
