using System.Reflection;
using PrivateLink.Arm;

namespace PrivateLink.Functions.Tests.Support;

/// <summary>A fake ARM adapter built as a proxy, so new members of the interface need no change here: target reads wait until released.</summary>
public class BlockingArmProxy : DispatchProxy
{
    private readonly TaskCompletionSource<TargetResourceInfo?> release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<TargetPreflight> releasePreflight = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public static IPrivateEndpointClient Create(out BlockingArmProxy proxy)
    {
        IPrivateEndpointClient client = Create<IPrivateEndpointClient, BlockingArmProxy>();
        proxy = (BlockingArmProxy)(object)client;
        return client;
    }

    /// <summary>Lets every waiting target read finish with "not found".</summary>
    public void Release()
    {
        release.TrySetResult(null);
        releasePreflight.TrySetResult(new TargetPreflight(TargetReadability.NotFound, null, "ResourceNotFound", "The target was not found."));
    }

    private static async IAsyncEnumerable<PrivateEndpointInfo> NoEndpoints()
    {
        await Task.Yield();
        yield break;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) => targetMethod?.Name switch
    {
        nameof(IPrivateEndpointClient.GetTargetAsync) => release.Task,
        nameof(IPrivateEndpointClient.PreflightTargetAsync) => releasePreflight.Task,
        nameof(IPrivateEndpointClient.ListOwnedPrivateEndpointsAsync) => NoEndpoints(),
        _ => throw new NotSupportedException($"The fake ARM adapter does not serve {targetMethod?.Name}."),
    };
}
