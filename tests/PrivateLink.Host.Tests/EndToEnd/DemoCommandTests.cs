using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// <c>dotnet run --project src/PrivateLink.Host -- demo</c>, the README's first command, run as a fresh machine runs it: the runner's
/// build output in its own process, no settings from the environment, and nothing given but the one argument.
/// </summary>
public sealed partial class DemoCommandTests
{
    // The demo gives up after 5 minutes and exits 2; the test waits a little longer, so it reports the demo's own verdict.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Demo_OnItsEmbeddedDefaults_EndsReadyAndShowsEachEndpointOfTheDataLake()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(RunnerProcess.HostDll)!,
        };
        info.ArgumentList.Add(RunnerProcess.HostDll);
        info.ArgumentList.Add("demo");

        // A wide console keeps each line on one line, as on an operator's terminal; the assertions do not depend on it.
        info.Environment["COLUMNS"] = "240";
        var output = new StringBuilder();
        using var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        Assert.True(process.Start(), "dotnet did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The demo did not end within {Limit}:\n{Text(output)}");
        }

        string text = Text(output);
        Assert.True(process.ExitCode == 0, $"The demo exited with {process.ExitCode}:\n{text}");

        // Spectre.Console wraps long lines at the console's width; one space stands for any run of white space.
        string flat = Whitespace().Replace(text, " ");
        Assert.Contains("POST /api/onboardings → 202 Accepted", flat, StringComparison.Ordinal);
        Assert.Contains("endpoint pe-onboard-demo-lake-01 (blob, localhost): Approved, private IP 127.0.0.1", flat, StringComparison.Ordinal);
        Assert.Contains("endpoint pe-onboard-demo-lake-01-dfs (dfs, localhost): Approved, private IP 127.0.0.1", flat, StringComparison.Ordinal);

        // The timeline table: every stage the workflow entered, from the status document (the live lines show only those a poll saw).
        string[] timeline = [.. TimelineRow().Matches(flat).Select(m => m.Groups["stage"].Value)];
        Assert.Equal(["Validating", "CreatingEndpoint", "AwaitingApproval", "CheckingConnectivity", "Ready"], timeline);
        Assert.Matches(@"Ready blob: \d+: TLS Tls1[23] \S+ \| dfs: \d+: TLS Tls1[23] \S+ finished in [\d.]+ s", flat);
    }

    private static void Append(StringBuilder output, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    [GeneratedRegex(@"│ (?<stage>[A-Za-z]+) │ \d\d:\d\d:\d\d\.\d{3} │")]
    private static partial Regex TimelineRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
