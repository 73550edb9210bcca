using Microsoft.DurableTask;

namespace PrivateLink.Functions.Activities;

/// <summary>The <see cref="TaskActivityContext"/> handed to a shared activity class when it runs inside an activity function.</summary>
/// <param name="name">The activity's name.</param>
/// <param name="instanceId">The id of the orchestration instance that scheduled it.</param>
internal sealed class FunctionsActivityContext(TaskName name, string instanceId) : TaskActivityContext
{
    /// <inheritdoc/>
    public override TaskName Name { get; } = name;

    /// <inheritdoc/>
    public override string InstanceId { get; } = instanceId;
}
