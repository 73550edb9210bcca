using System.Collections.Concurrent;
using System.Diagnostics;

namespace PrivateLink.Bench.Engine;

/// <summary>What one query pass saw of an instance.</summary>
/// <param name="Id">The instance id.</param>
/// <param name="Started">Whether its first episode has been checkpointed (status past Pending).</param>
/// <param name="Completed">Whether it completed.</param>
/// <param name="Failure">Why it failed or was terminated, or null.</param>
/// <param name="LastUpdatedUtc">When its status was last written.</param>
internal sealed record ObservedInstance(string Id, bool Started, bool Completed, string? Failure, DateTime LastUpdatedUtc);

/// <summary>
/// Starts N instances (bounded start concurrency), raises each one's event once it has started, and waits until all completed.
/// </summary>
/// <remarks>
/// Progress is observed with one instance query per pass (a page per 1,000 instances), not a status read per instance: with 200
/// instances, per-instance polling backing off to 500 ms was ~400 storage reads a second, more than the orchestrations themselves
/// made. The event is raised only after the instance has started: on the Azure Storage backend a start message dequeued before
/// its Instances row is written is deferred for 2 s, and an event dequeued meanwhile meets an instance with no history and is
/// discarded ("No such instance"), which leaves the orchestration waiting for an event that is gone.
/// </remarks>
internal static class Driver
{
    private static readonly TimeSpan ObservePeriod = TimeSpan.FromMilliseconds(200);

    public static async Task<RunResult> RunAsync(
        string name,
        int count,
        int startConcurrency,
        Func<int, Task<string>> startAsync,
        Func<string, Task> raiseAsync,
        Func<CancellationToken, Task<IReadOnlyList<ObservedInstance>>> observeAsync,
        CancellationToken cancellationToken)
    {
        var process = Process.GetCurrentProcess();
        TimeSpan cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();

        // 150 s, or 1.5 s per instance for larger runs (200 onboardings on Azurite, bound by its one thread, need about that).
        TimeSpan giveUpAfter = TimeSpan.FromSeconds(Math.Max(150, count * 1.5));
        var startedAt = new ConcurrentDictionary<string, DateTime>();
        var raised = new ConcurrentDictionary<string, bool>();
        var latencies = new ConcurrentDictionary<string, double>();
        using var gate = new SemaphoreSlim(startConcurrency);
        Task starts = Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                DateTime at = DateTime.UtcNow;
                string id = await startAsync(i);
                startedAt[id] = at;
            }
            finally
            {
                gate.Release();
            }
        }));

        TimeSpan lastReport = TimeSpan.Zero;
        while (latencies.Count < count)
        {
            if (starts.IsFaulted)
            {
                await starts;
            }

            IReadOnlyList<ObservedInstance> seen = await observeAsync(cancellationToken);
            var toRaise = new List<string>();
            foreach (ObservedInstance instance in seen)
            {
                if (!startedAt.TryGetValue(instance.Id, out DateTime at))
                {
                    continue;
                }

                if (instance.Failure is not null)
                {
                    throw new InvalidOperationException($"{instance.Id}: {instance.Failure}");
                }

                if (instance.Completed)
                {
                    latencies.TryAdd(instance.Id, Math.Max(0, (instance.LastUpdatedUtc - at).TotalMilliseconds));
                }
                else if (instance.Started && raised.TryAdd(instance.Id, true))
                {
                    toRaise.Add(instance.Id);
                }
            }

            await Parallel.ForEachAsync(toRaise, new ParallelOptions { MaxDegreeOfParallelism = startConcurrency, CancellationToken = cancellationToken }, async (id, _) => await raiseAsync(id));
            if (latencies.Count >= count)
            {
                break;
            }

            if (clock.Elapsed - lastReport > TimeSpan.FromSeconds(30))
            {
                lastReport = clock.Elapsed;
                Console.WriteLine($"  {name}: {latencies.Count}/{count} done after {clock.Elapsed.TotalSeconds:F0} s ({startedAt.Count} started, {raised.Count} raised)");
            }

            if (clock.Elapsed > giveUpAfter)
            {
                // Reported as such, never as a throughput: the run did not finish.
                return new RunResult($"{name} (INCOMPLETE: {latencies.Count}/{count} in {giveUpAfter.TotalSeconds:F0} s)", latencies.Count, clock.Elapsed, [], TimeSpan.Zero);
            }

            await Task.Delay(ObservePeriod, cancellationToken);
        }

        await starts;
        clock.Stop();
        process.Refresh();
        return new RunResult(name, count, clock.Elapsed, [.. latencies.Values], process.TotalProcessorTime - cpuBefore);
    }
}
