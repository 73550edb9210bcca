using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using PrivateLink.Arm;

namespace PrivateLink.Onboarding.Activities;

/// <summary>Sends the DELETE of a destination's private endpoint and returns at once (nothing to do when it is already gone).</summary>
public sealed class BeginDeletePrivateEndpointActivity(IPrivateEndpointClient arm, ILogger<BeginDeletePrivateEndpointActivity> logger)
    : TaskActivity<string, EndpointOperationStart>
{
    /// <inheritdoc/>
    public override async Task<EndpointOperationStart> RunAsync(TaskActivityContext context, string endpointName)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentException.ThrowIfNullOrEmpty(endpointName);
        try
        {
            PrivateEndpointOperation? operation = await arm.BeginDeletePrivateEndpointAsync(endpointName, CancellationToken.None);
            Log.EndpointDeleted(logger, context.InstanceId, endpointName, operation is not null);
            return new EndpointOperationStart(operation, null);
        }
        catch (ArmTransientException ex)
        {
            Log.EndpointWriteDeferred(logger, context.InstanceId, endpointName, ex.Status, ex.ErrorCode);
            return EndpointOperationStart.Transient(ex);
        }
        catch (ArmRequestException ex)
        {
            return EndpointOperationStart.Refused(ex);
        }
    }
}
