using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.Host.Tests.Reliability;

namespace PrivateLink.Api.Tests.Security;

/// <summary>How the runner executable ends: 78 naming each setting it refused, 70 naming the service whose failure stopped it, 0 when asked to stop.</summary>
public sealed class HostExitTests
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
    public async Task Runner_TaskHubUnreachable_ExitsWithTheFaultCodeNamingTheFailedService()
    {
        // Nothing listens on port 1: the Durable Task worker cannot create the task hub, its background service fails after the
        // storage client's retries, and the host stops. Without the exit code the process ended 0, like a requested stop.
        const string unreachable = "BlobEndpoint=http://127.0.0.1:1/;QueueEndpoint=http://127.0.0.1:1/;TableEndpoint=http://127.0.0.1:1/;SharedAccessSignature=sv=2022-11-02&sig=unused";
        (int exitCode, string output) = await ProcessRunner.RunAsync(
            "dotnet",
            [RunnerProcess.HostDll],
            Path.GetDirectoryName(RunnerProcess.HostDll)!,
            Limit,
            new Dictionary<string, string>
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Development",
                ["DOTNET_ENVIRONMENT"] = "Development",
                ["ASPNETCORE_URLS"] = "http://127.0.0.1:0",
                ["DurableTask__StorageConnectionString"] = unreachable,
            });

        Assert.True(exitCode == HostExit.FaultExitCode, $"The runner exited with {exitCode}:\n{output}");
        Assert.Contains("The runner stopped: CoreDurableTaskWorker failed: ", output, StringComparison.Ordinal);
        Assert.Contains("Connection refused (127.0.0.1:1)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Runner_AskedToStop_ExitsZero()
    {
        using var timeout = new CancellationTokenSource(Limit);
        await using RunnerProcess runner = await RunnerProcess.StartAsync("graceful", new Dictionary<string, string?>(), timeout.Token);

        int exitCode = await runner.TerminateAsync(timeout.Token);

        Assert.True(exitCode == 0, $"The runner exited with {exitCode}:\n{runner.Output}");
    }

    [Fact]
    public void ConfigurationFailuresOf_DataAnnotationFailure_NamesTheSettingAsConfigurationSpellsIt()
    {
        static string Failure(string members, string error) => $"DataAnnotation validation failed for 'ArmOptions' members: '{members}' with the error: '{error}'.";

        IReadOnlyList<string> failures = HostExit.ConfigurationFailuresOf(new OptionsValidationException(
            Options.DefaultName,
            typeof(ArmOptions),
            [Failure("Location", "The Location field is required."), Failure("SubscriptionId", "Arm:SubscriptionId must be a GUID."), Failure("A,B", "Both.")]));
        Assert.Equal(["Arm:Location: The Location field is required.", "Arm:SubscriptionId must be a GUID.", "Arm:A, Arm:B: Both."], failures);

        // A type without a section, or a failure in another form, is kept as written.
        Assert.Equal([Failure("X", "Y")], HostExit.ConfigurationFailuresOf(new OptionsValidationException("x", typeof(object), [Failure("X", "Y")])));
        Assert.Equal(["Authentication:Authority is required."], HostExit.ConfigurationFailuresOf(new OptionsValidationException("x", typeof(ArmOptions), ["Authentication:Authority is required."])));
    }

    [Fact]
    public void ConfigurationFailuresOf_AFaultThatIsNoSetting_IsNoRefusal()
    {
        // A bug at start-up must still crash with its stack trace; only configuration failures become a refusal.
        Assert.Empty(HostExit.ConfigurationFailuresOf(new InvalidOperationException("a fault")));
        Assert.Empty(HostExit.ConfigurationFailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new IOException("disk"))));
        Assert.Equal(["bad", "worse"], HostExit.ConfigurationFailuresOf(new AggregateException(new OptionsValidationException("x", typeof(object), ["bad"]), new OptionsValidationException("y", typeof(object), ["worse"]))));
    }

    private static async Task AssertRefusedAsync(string[] settings, params string[] expected)
    {
        (int exitCode, string output) = await ProcessRunner.RunAsync(
            "dotnet",
            [RunnerProcess.HostDll, .. settings],
            Path.GetDirectoryName(RunnerProcess.HostDll)!,
            Limit,
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["DOTNET_ENVIRONMENT"] = "Production" });

        Assert.True(exitCode == HostExit.ConfigurationExitCode, $"The runner exited with {exitCode}:\n{output}");
        foreach (string line in expected)
        {
            Assert.Contains(line, output, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
    }
}
