using Microsoft.DurableTask;

namespace PrivateLink.Bench.Engine;

/// <summary>A trivial activity.</summary>
internal sealed class NoopActivity : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input);
}
