using Microsoft.Extensions.Options;
using PrivateLink.Host;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Api.Tests.Security;

/// <summary>The runner executable on bad configuration: each failure on standard error and exit code 78, not a crash.</summary>
public sealed class StartupRefusalTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Runner_DevelopmentOnlySettingInProduction_ExitsWithTheConfigurationCodeNamingEveryRefusal()
    {
        (int exitCode, string output) = await RunAsync("--ArmEmulator:Enabled=true");

        Assert.True(exitCode == StartupRefusal.ExitCode, $"The runner exited with {exitCode}:\n{output}");
        Assert.Contains("The runner did not start: 2 configuration settings need fixing.", output, StringComparison.Ordinal);
        Assert.Contains("  - ArmEmulator:Enabled is a development-only setting", output, StringComparison.Ordinal);
        Assert.Contains("  - DurableTask:StorageConnectionString or DurableTask:StorageAccountName is required in environment 'Production'", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_InvalidOptionsInProduction_ExitsWithTheConfigurationCodeNamingEverySection()
    {
        // A durable backend is named (the account is never reached: validation runs before anything starts); the rest is missing or wrong.
        (int exitCode, string output) = await RunAsync("--DurableTask:StorageAccountName=stonboarding", "--Arm:SubscriptionId=not-a-guid");

        Assert.True(exitCode == StartupRefusal.ExitCode, $"The runner exited with {exitCode}:\n{output}");
        Assert.Contains("configuration settings need fixing.", output, StringComparison.Ordinal);
        Assert.Contains("'Arm:SubscriptionId must be a GUID.'", output, StringComparison.Ordinal);
        Assert.Contains("  - Authentication:Authority is required", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }

    [Fact]
    public void FailuresOf_AFaultThatIsNoSetting_IsNoRefusal()
    {
        // A bug at start-up must still crash with its stack trace; only configuration failures become a refusal.
        Assert.Empty(StartupRefusal.FailuresOf(new InvalidOperationException("a fault")));
        Assert.Empty(StartupRefusal.FailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new IOException("disk"))));
        Assert.Equal(["bad", "worse"], StartupRefusal.FailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new OptionsValidationException("y", typeof(object), ["worse"]))));
    }

    private static Task<(int ExitCode, string Output)> RunAsync(params string[] settings) =>
        ProcessRunner.RunAsync(
            "dotnet",
            [RunnerProcess.HostDll, .. settings],
            Path.GetDirectoryName(RunnerProcess.HostDll)!,
            Limit,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" });
}
