using Microsoft.DurableTask;

namespace PrivateLink.Bench.Engine;

/// <summary>The onboarding-shaped trivial workload: 2 activities, an event raced with a cancelled timer, 1 activity, a fan-out of 2, 1 activity.</summary>
internal sealed class ShapeOrchestrator : TaskOrchestrator<int, int>
{
    public const string Go = "Go";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        int sum = await context.CallActivityAsync<int>(nameof(NoopActivity), input);
        sum += await context.CallActivityAsync<int>(nameof(NoopActivity), input);
        using (var timerCts = new CancellationTokenSource())
        {
            Task<int> go = context.WaitForExternalEvent<int>(Go);
            Task timer = context.CreateTimer(context.CurrentUtcDateTime.AddHours(1), timerCts.Token);
            if (await Task.WhenAny(go, timer) == go)
            {
                timerCts.Cancel();
                sum += go.Result;
            }
        }

        sum += await context.CallActivityAsync<int>(nameof(NoopActivity), input);
        int[] fan = await Task.WhenAll(context.CallActivityAsync<int>(nameof(NoopActivity), 1), context.CallActivityAsync<int>(nameof(NoopActivity), 2));
        sum += fan.Sum();
        return sum + await context.CallActivityAsync<int>(nameof(NoopActivity), input);
    }
}
