using System.Diagnostics;

namespace PrivateLink.Bench.Engine;

/// <summary>Starts N instances (bounded start concurrency), raises each one's event, and waits until all completed.</summary>
internal static class Driver
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(150);

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
        int done = 0;
        Task all = Task.WhenAll(runs.Select(async r =>
        {
            await r;
            Interlocked.Increment(ref done);
        }));
        while (await Task.WhenAny(all, Task.Delay(TimeSpan.FromSeconds(30), cancellationToken)) != all)
        {
            Console.WriteLine($"  {name}: {Volatile.Read(ref done)}/{count} done after {clock.Elapsed.TotalSeconds:F0} s");
            if (clock.Elapsed > GiveUpAfter)
            {
                // Reported as such, never as a throughput: the run did not finish.
                return new RunResult($"{name} (INCOMPLETE: {Volatile.Read(ref done)}/{count} in {GiveUpAfter.TotalSeconds:F0} s)", Volatile.Read(ref done), clock.Elapsed, [], TimeSpan.Zero);
            }
        }

        await all;
        clock.Stop();
        process.Refresh();
        return new RunResult(name, count, clock.Elapsed, latencies, process.TotalProcessorTime - cpuBefore);
    }
}
