using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;

namespace PrivateLink.Functions.Activities;

/// <summary>Runs a shared activity class from an activity function: resolves it from the invocation's services and gives it a context.</summary>
internal static class ActivityInvoker
{
    /// <summary>The binding-data key under which the Durable extension passes the orchestration instance id to an activity.</summary>
    public const string InstanceIdKey = "instanceId";

    /// <summary>Creates <typeparamref name="TActivity"/> with its dependencies and runs it.</summary>
    /// <typeparam name="TActivity">The activity class.</typeparam>
    /// <typeparam name="TInput">Its input.</typeparam>
    /// <typeparam name="TOutput">Its output.</typeparam>
    /// <param name="functionContext">The function invocation.</param>
    /// <param name="input">The activity input.</param>
    /// <returns>The activity output.</returns>
    public static Task<TOutput> RunAsync<TActivity, TInput, TOutput>(FunctionContext functionContext, TInput input)
        where TActivity : TaskActivity<TInput, TOutput>
    {
        ArgumentNullException.ThrowIfNull(functionContext);
        string instanceId = functionContext.BindingContext.BindingData.TryGetValue(InstanceIdKey, out object? id) && id is not null
            ? id.ToString() ?? string.Empty
            : string.Empty;
        TActivity activity = ActivatorUtilities.CreateInstance<TActivity>(functionContext.InstanceServices);
        return activity.RunAsync(new FunctionsActivityContext(typeof(TActivity).Name, instanceId), input);
    }
}
