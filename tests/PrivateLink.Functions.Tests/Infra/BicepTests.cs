using System.Text.Json;
using System.Text.RegularExpressions;
using PrivateLink.Functions.Tests.Support;
using PrivateLink.SupportMatrix;

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
    public void MainBicep_DestinationZones_EveryFixedZoneOfTheSupportMatrix()
    {
        // The workflow's zone groups reference these zones in the endpoint resource group; a matrix zone the bicep does not create fails there.
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"))
            .Replace("${environment().suffixes.storage}", "core.windows.net", StringComparison.Ordinal)
            .Replace("${environment().suffixes.sqlServerHostname}", ".database.windows.net", StringComparison.Ordinal);
        string[] zones = [.. DestinationCatalog.ResourceTypes
            .Where(r => r.RefusedBecause is null)
            .SelectMany(r => r.Subresources.Select(s => s.PrivateDnsZone))
            .Append(DestinationCatalog.SnowflakePrivateDnsZone)
            .Where(z => !z.Contains('{', StringComparison.Ordinal))
            .Distinct()];

        Assert.All(zones, zone => Assert.Contains($"'{zone}'", bicep, StringComparison.Ordinal));
        Assert.Contains("'Microsoft.Network/privateDnsZones/virtualNetworkLinks@", File.ReadAllText(Path.Combine(Repository.Root, "infra", "modules", "onboarding-dns-zones.bicep")), StringComparison.Ordinal);
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
    public void MainBicep_StorageAndKeyVault_HaveNoPublicNetworkAccessAndPrivateEndpoints()
    {
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));

        Assert.DoesNotContain("publicNetworkAccess: 'Enabled'", bicep, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(bicep, "publicNetworkAccess: 'Disabled'").Count);
        foreach (string zone in new[] { "privatelink.blob.", "privatelink.queue.", "privatelink.table.", "privatelink.vaultcore.azure.net" })
        {
            Assert.Contains(zone, bicep, StringComparison.Ordinal);
        }

        Assert.Contains("'Microsoft.Network/privateEndpoints@", bicep, StringComparison.Ordinal);
        Assert.Contains("'Microsoft.Network/privateEndpoints/privateDnsZoneGroups@", bicep, StringComparison.Ordinal);
    }

    [Fact]
    public void MainBicep_EndpointRights_AreACustomRoleNotNetworkContributor()
    {
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"))
            + File.ReadAllText(Path.Combine(Repository.Root, "infra", "modules", "endpoint-operator.bicep"));

        // Network Contributor's role definition id.
        Assert.DoesNotContain("4d97b98b-1d4f-4787-a291-c67834d212e7", bicep, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("type: 'CustomRole'", bicep, StringComparison.Ordinal);
        string[] actions = [.. Regex.Matches(bicep, @"'(Microsoft\.Network/[^']+)'").Select(m => m.Groups[1].Value).Where(a => !a.Contains('@', StringComparison.Ordinal)).Distinct()];
        Assert.Contains("Microsoft.Network/privateEndpoints/write", actions);
        Assert.Contains("Microsoft.Network/virtualNetworks/subnets/join/action", actions);
        Assert.DoesNotContain(actions, a => a.EndsWith("/*", StringComparison.Ordinal) || a == "*");
    }

    [Fact]
    public void MainBicep_FunctionApp_DeniesByDefaultWithAccessRestrictions()
    {
        string bicep = File.ReadAllText(Path.Combine(Repository.Root, "infra", "main.bicep"));

        Assert.Contains("ipSecurityRestrictionsDefaultAction: 'Deny'", bicep, StringComparison.Ordinal);
        Assert.Contains("scmIpSecurityRestrictionsUseMain: true", bicep, StringComparison.Ordinal);
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
