using System.Globalization;

namespace PrivateLink.Bench.Engine;

/// <summary>One measured run.</summary>
internal sealed record RunResult(string Name, int Count, TimeSpan Elapsed, IReadOnlyList<double> LatenciesMs, TimeSpan Cpu)
{
    /// <summary>Gets the task-hub storage requests per orchestration (Azurite runs through the counting proxy), or NaN.</summary>
    public double StoragePerOrchestration { get; init; } = double.NaN;

    public double PerSecond => Count / Elapsed.TotalSeconds;

    public double Percentile(double p)
    {
        if (LatenciesMs.Count == 0)
        {
            return double.NaN;
        }

        double[] sorted = LatenciesMs.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
    }

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name,-48} n={Count,5}  {Elapsed.TotalSeconds,7:F2} s  {PerSecond,8:F1}/s  p50 {Percentile(50),8:F0} ms  p95 {Percentile(95),8:F0} ms  cpu {Cpu.TotalSeconds,6:F1} s{(double.IsNaN(StoragePerOrchestration) ? string.Empty : $"  storage {StoragePerOrchestration,6:F1}/orch")}");
}
