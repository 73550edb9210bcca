using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Connectivity;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Probes one port mapping of a destination with the probe of its protocol, TLS first.</summary>
public sealed class ProbeEndpointActivity(IConnectivityProbe probe, ILogger<ProbeEndpointActivity> logger)
    : TaskActivity<ProbeRequest, ProbeResult>
{
    /// <inheritdoc/>
    public override async Task<ProbeResult> RunAsync(TaskActivityContext context, ProbeRequest input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        ProbeResult result = await probe.ProbeAsync(input, CancellationToken.None);
        Log.PortProbed(logger, context.InstanceId, input.HostName, input.Port, result.Status.ToString(), result.Detail);
        return result;
    }
}
