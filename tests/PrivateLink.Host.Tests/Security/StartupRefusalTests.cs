using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Api.Tests.Security;

/// <summary>The runner executable on bad configuration: each failure on standard error and exit code 78, not a crash.</summary>
public sealed class StartupRefusalTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public Task Runner_DevelopmentOnlySettingInProduction_ExitsWithTheConfigurationCodeNamingEveryRefusal() => AssertRefusedAsync(
        ["--ArmEmulator:Enabled=true", "--Arm:Endpoint=https://127.0.0.1:8443/"],
        "The runner did not start: 3 configuration settings need fixing.",
        "  - Arm:Endpoint 'https://127.0.0.1:8443/' with Arm:Audience 'https://management.azure.com/' is not an Azure cloud's Resource Manager",
        "  - ArmEmulator:Enabled is a development-only setting",
        "  - DurableTask:StorageConnectionString or DurableTask:StorageAccountName is required in environment 'Production'");

    // A durable backend is named (the account is never reached: validation runs before anything starts); the rest is missing or wrong,
    // in three sections at once (the engine's among them, though the worker reads it while being resolved).
    [Fact]
    public Task Runner_InvalidOptionsInProduction_ExitsWithTheConfigurationCodeNamingEverySection() => AssertRefusedAsync(
        ["--DurableTask:StorageAccountName=stonboarding", "--Arm:SubscriptionId=not-a-guid", "--DurableTask:PartitionCount=99"],
        "The runner did not start: 7 configuration settings need fixing.",
        "  - DurableTask:PartitionCount: The field PartitionCount must be between 1 and 16.",
        "  - Arm:SubscriptionId must be a GUID.",
        "  - Arm:ResourceGroup: The ResourceGroup field is required.",
        "  - Authentication:Authority is required");

    [Fact]
    public void FailuresOf_DataAnnotationFailure_NamesTheSettingAsConfigurationSpellsIt()
    {
        static string Failure(string members, string error) => $"DataAnnotation validation failed for 'ArmOptions' members: '{members}' with the error: '{error}'.";

        IReadOnlyList<string> failures = StartupRefusal.FailuresOf(new OptionsValidationException(
            Options.DefaultName,
            typeof(ArmOptions),
            [Failure("Location", "The Location field is required."), Failure("SubscriptionId", "Arm:SubscriptionId must be a GUID."), Failure("A,B", "Both.")]));
        Assert.Equal(["Arm:Location: The Location field is required.", "Arm:SubscriptionId must be a GUID.", "Arm:A, Arm:B: Both."], failures);

        // A type without a section, or a failure in another form, is kept as written.
        Assert.Equal([Failure("X", "Y")], StartupRefusal.FailuresOf(new OptionsValidationException("x", typeof(object), [Failure("X", "Y")])));
        Assert.Equal(["Authentication:Authority is required."], StartupRefusal.FailuresOf(new OptionsValidationException("x", typeof(ArmOptions), ["Authentication:Authority is required."])));
    }

    [Fact]
    public void FailuresOf_AFaultThatIsNoSetting_IsNoRefusal()
    {
        // A bug at start-up must still crash with its stack trace; only configuration failures become a refusal.
        Assert.Empty(StartupRefusal.FailuresOf(new InvalidOperationException("a fault")));
        Assert.Empty(StartupRefusal.FailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new IOException("disk"))));
        Assert.Equal(["bad", "worse"], StartupRefusal.FailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new OptionsValidationException("y", typeof(object), ["worse"]))));
    }

    private static async Task AssertRefusedAsync(string[] settings, params string[] expected)
    {
        (int exitCode, string output) = await ProcessRunner.RunAsync(
            "dotnet",
            [RunnerProcess.HostDll, .. settings],
            Path.GetDirectoryName(RunnerProcess.HostDll)!,
            Limit,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" });

        Assert.True(exitCode == StartupRefusal.ExitCode, $"The runner exited with {exitCode}:\n{output}");
        foreach (string line in expected)
        {
            Assert.Contains(line, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
