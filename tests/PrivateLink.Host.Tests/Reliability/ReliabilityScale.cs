using System.Globalization;

namespace PrivateLink.Host.Tests.Reliability;

/// <summary>Scales the reliability tests' counts by <c>RELIABILITY_SCALE</c> (default 1: the full counts).</summary>
internal static class ReliabilityScale
{
    /// <summary>Gets the factor (0 &lt; factor ≤ 1); test.sh may lower it when the suite gets too slow.</summary>
    public static double Factor { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("RELIABILITY_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f is > 0 and <= 1
            ? f
            : 1.0;

    /// <summary>Scales a full count, keeping at least <paramref name="minimum"/>.</summary>
    public static int Count(int full, int minimum = 4) => Math.Max(minimum, (int)Math.Ceiling(full * Factor));
}
