using System.Diagnostics;

namespace PrivateLink.Bench.Probes;

/// <summary>Timing helpers shared by the benchmarks: one openssl process run, medians.</summary>
internal static class Measure
{
    public static async Task<double> TimeProcessAsync(string[] arguments, bool expectSuccess)
    {
        ProcessStartInfo info = new("openssl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        long start = Stopwatch.GetTimestamp();
        using Process process = Process.Start(info)!;
        process.StandardInput.Close(); // EOF on stdin: s_client ends right after the handshake
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        double elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        string text = await output + await error;
        bool established = text.Contains("CONNECTION ESTABLISHED", StringComparison.Ordinal) && text.Contains("Verification: OK", StringComparison.Ordinal);
        return established == expectSuccess
            ? elapsed
            : throw new InvalidOperationException($"openssl {string.Join(' ', arguments)} did not behave as expected:\n{text}");
    }

    public static double Median(List<double> values)
    {
        values.Sort();
        int middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
