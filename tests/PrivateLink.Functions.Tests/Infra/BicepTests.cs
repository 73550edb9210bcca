using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateLink.Functions.Tests.Support;

namespace PrivateLink.Functions.Tests.Infra;

/// <summary>infra/main.bicep compiles and lints without a warning (bicep CLI from NuGet), and its parameters file matches it.</summary>
public sealed partial class BicepTests
{
    [Fact]
    public async Task BicepBuildScript_MainBicep_BuildsAndLintsClean()
    {
        (int exitCode, string output) = await ProcessRunner.RunAsync(
            "bash", [Path.Combine(Repository.Root, "scripts", "bicep-build.sh")], Repository.Root, TimeSpan.FromMinutes(4));

        Assert.True(exitCode == 0, output);
        Assert.Contains("builds and lints clean", output, StringComparison.Ordinal);
    }

    [Fact]
    public void ParametersFile_NamesOnlyDeclaredParameters()
    {
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));
        HashSet<string> declared = [.. ParamDeclaration().Matches(bicep).Select(m => m.Groups[1].Value)];
        using JsonDocument parameters = JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.parameters.json")));

        string[] supplied = [.. parameters.RootElement.GetProperty("parameters").EnumerateObject().Select(p => p.Name)];

        Assert.NotEmpty(supplied);
        Assert.All(supplied, name => Assert.Contains(name, declared));
    }

    [Fact]
    public void ServiceBusRoles_MatchWhatTheAppsDo_ReceiveOnTheQueueSendOnTheTopic()
    {
        // The intake (runner processor, Functions drain) receives and settles on the request queue; the events sink sends to the topic.
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));
        (string Scope, string Role)[] serviceBusRoles =
        [
            .. RoleAssignment().Matches(bicep)
                .Select(m => (Scope: m.Groups["scope"].Value, Role: m.Groups["role"].Value))
                .Where(a => a.Role.StartsWith("serviceBus", StringComparison.Ordinal) || a.Scope.StartsWith("serviceBus", StringComparison.Ordinal)),
        ];

        Assert.Equal([("serviceBus::requests", "serviceBusDataReceiver"), ("serviceBus::events", "serviceBusDataSender")], serviceBusRoles);
    }

    [GeneratedRegex(@"'Microsoft\.Authorization/roleAssignments@[^']+'\s*=\s*\{[^}]*?scope:\s*(?<scope>[\w:]+)[\s\S]*?roleDefinitions',\s*roles\.(?<role>\w+)\)")]
    private static partial Regex RoleAssignment();

    [GeneratedRegex(@"^param\s+(\w+)\s", RegexOptions.Multiline)]
    private static partial Regex ParamDeclaration();
}
