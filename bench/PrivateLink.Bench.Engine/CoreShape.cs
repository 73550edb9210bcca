using DurableTask.Core;

namespace PrivateLink.Bench.Engine;

/// <summary>The same workload as <see cref="ShapeOrchestrator"/> written directly against DurableTask.Core (no shim), for the overhead ratio.</summary>
internal sealed class CoreShapeOrchestration : TaskOrchestration<int, int>
{
    private TaskCompletionSource<int>? _go;

    public override async Task<int> RunTask(OrchestrationContext context, int input)
    {
        int sum = await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        sum += await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        _go ??= new TaskCompletionSource<int>();
        using (var timerCts = new CancellationTokenSource())
        {
            Task<bool> timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(1), true, timerCts.Token);
            if (await Task.WhenAny(_go.Task, timer) == _go.Task)
            {
                timerCts.Cancel();
                sum += _go.Task.Result;
            }
        }

        sum += await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
        int[] fan = await Task.WhenAll(context.ScheduleTask<int>(typeof(CoreNoopActivity), 1), context.ScheduleTask<int>(typeof(CoreNoopActivity), 2));
        sum += fan.Sum();
        return sum + await context.ScheduleTask<int>(typeof(CoreNoopActivity), input);
    }

    public override void RaiseEvent(OrchestrationContext context, string name, string input)
    {
        if (name == ShapeOrchestrator.Go)
        {
            _go ??= new TaskCompletionSource<int>();
            _go.TrySetResult(int.Parse(input, System.Globalization.CultureInfo.InvariantCulture));
        }
    }
}

/// <summary>A trivial DurableTask.Core activity.</summary>
internal sealed class CoreNoopActivity : TaskActivity<int, int>
{
    protected override int Execute(TaskContext context, int input) => input;
}
