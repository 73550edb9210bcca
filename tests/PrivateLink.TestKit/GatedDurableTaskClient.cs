using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace PrivateLink.TestKit;

/// <summary>The runner's Durable client with a hook before each start of an orchestration: a test makes it fail or wait there.</summary>
public sealed class GatedDurableTaskClient(DurableTaskClient inner, Func<CancellationToken, Task> beforeSchedule) : ForwardingDurableTaskClient(inner)
{
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        await beforeSchedule(cancellation);
        return await base.ScheduleNewOrchestrationInstanceAsync(orchestratorName, input, options, cancellation);
    }
}
