using System.Text.RegularExpressions;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Host.Tests.EndToEnd;

/// <summary>
/// <c>dotnet run --project src/PrivateLink.Host -- demo</c>, the README's first command: the runner's build output in a process of
/// its own, given nothing but the one argument, so it runs on its embedded defaults.
/// </summary>
public sealed partial class DemoCommandTests
{
    // The demo gives up after 5 minutes and exits 2; the test waits a little longer, so it reports the demo's own verdict.
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(6);

    [Fact]
    public async Task Demo_OnItsEmbeddedDefaults_EndsReadyAndShowsEachEndpointOfTheDataLake()
    {
        // A wide console keeps each line on one line, as on an operator's terminal; the assertions do not depend on it.
        (int exitCode, string text) = await ProcessRunner.RunAsync(
            "dotnet", [RunnerProcess.HostDll, "demo"], Path.GetDirectoryName(RunnerProcess.HostDll)!, Limit, new Dictionary<string, string> { ["COLUMNS"] = "240" });
        Assert.True(exitCode == 0, $"The demo exited with {exitCode}:\n{text}");

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

    [GeneratedRegex(@"│ (?<stage>[A-Za-z]+) │ \d\d:\d\d:\d\d\.\d{3} │")]
    private static partial Regex TimelineRow();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
