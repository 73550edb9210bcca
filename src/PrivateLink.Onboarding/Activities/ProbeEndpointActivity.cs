using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding.Telemetry;

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
        using Activity? span = OnboardingTelemetry.ActivitySource.StartActivity("probe " + input.Protocol);
        span?.SetTag("probe.protocol", input.Protocol.ToString());
        span?.SetTag("server.port", input.Port);
        long started = Stopwatch.GetTimestamp();
        ProbeResult result = await probe.ProbeAsync(input, CancellationToken.None);
        OnboardingMetrics.RecordProbe(Stopwatch.GetElapsedTime(started), input.Protocol.ToString(), result.Status.ToString(), result.ClearText);
        span?.SetTag("probe.status", result.Status.ToString());
        if (!result.Succeeded)
        {
            span?.SetStatus(ActivityStatusCode.Error, result.Detail);
        }

        Log.PortProbed(logger, context.InstanceId, input.HostName, input.Port, result.Status.ToString(), result.Detail);
        return result;
    }
}
