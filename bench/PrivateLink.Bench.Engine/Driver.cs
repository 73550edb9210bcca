using System.Diagnostics;

namespace PrivateLink.Bench.Engine;

/// <summary>Starts N instances (bounded start concurrency), raises each one's event, and waits until all completed.</summary>
internal static class Driver
{
    public static async Task<RunResult> RunAsync(
        string name,
        int count,
        int startConcurrency,
        Func<int, Task<string>> startAsync,
        Func<string, Task> raiseAsync,
        Func<string, Task<bool>> isCompleteAsync,
        CancellationToken cancellationToken)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var latencies = new double[count];
        using var gate = new SemaphoreSlim(startConcurrency);
        IEnumerable<Task> runs = Enumerable.Range(0, count).Select(async i =>
        {
            string id;
            TimeSpan started;
            await gate.WaitAsync(cancellationToken);
            try
            {
                started = clock.Elapsed;
                id = await startAsync(i);
                await raiseAsync(id);
            }
            finally
            {
                gate.Release();
            }

            TimeSpan delay = TimeSpan.FromMilliseconds(10);
            while (!await isCompleteAsync(id))
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
            }

            latencies[i] = (clock.Elapsed - started).TotalMilliseconds;
        });
        await Task.WhenAll(runs);
        clock.Stop();
        process.Refresh();
        return new RunResult(name, count, clock.Elapsed, latencies, process.TotalProcessorTime - cpuBefore);
    }
}
