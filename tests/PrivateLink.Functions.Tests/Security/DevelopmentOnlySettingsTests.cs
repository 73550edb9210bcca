using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Functions.Tests.HostPath;

namespace PrivateLink.Functions.Tests.Security;

/// <summary>The Functions worker refuses, as the runner does, every development-only setting outside Development.</summary>
public sealed class DevelopmentOnlySettingsTests
{
    public static TheoryData<string, string> DevelopmentOnly => new()
    {
        { "Arm__UseEmulatorCredential", "true" },
        { "Arm__TrustedServerCertificateThumbprint", new string('A', 64) },
        { "Callbacks__AllowLoopback", "true" },
        { "ServiceBus__ConnectionString", "Endpoint=sb://127.0.0.1:5672;UseDevelopmentEmulator=true" },
    };

    [Theory]
    [MemberData(nameof(DevelopmentOnly))]
    public void Worker_DevelopmentOnlySettingOutsideDevelopment_RefusesToBuildNamingTheSetting(string appSetting, string value)
    {
        string key = appSetting.Replace("__", ":", StringComparison.Ordinal);
        foreach (string environment in new[] { Environments.Production, Environments.Staging, "Testing" })
        {
            OptionsValidationException refused = Assert.Throws<OptionsValidationException>(
                () => FunctionsWorker.Build(environment, settings: Settings(appSetting, value)));
            string failure = Assert.Single(refused.Failures);
            Assert.StartsWith(key + " is a development-only setting", failure, StringComparison.Ordinal);
            Assert.Contains($"environment '{environment}'", failure, StringComparison.Ordinal);
        }

        // Func start's environment accepts it.
        using IHost development = FunctionsWorker.Build(Environments.Development, settings: Settings(appSetting, value));
        Assert.Equal(value, development.Services.GetRequiredService<IConfiguration>()[key]);
    }

    [Fact]
    public void Worker_SeveralDevelopmentOnlySettingsInProduction_NamesEachInOneRefusal()
    {
        IEnumerable<KeyValuePair<string, string?>> settings = Settings("Arm__UseEmulatorCredential", "true").Append(KeyValuePair.Create<string, string?>("Callbacks__AllowLoopback", "true"));

        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(() => FunctionsWorker.Build(Environments.Production, settings: settings));

        Assert.Collection(
            refused.Failures,
            failure => Assert.StartsWith("Arm:UseEmulatorCredential is a development-only setting", failure, StringComparison.Ordinal),
            failure => Assert.StartsWith("Callbacks:AllowLoopback is a development-only setting", failure, StringComparison.Ordinal));
    }

    [Fact]
    public void Worker_ArmEndpointOfNoAzureCloudOutsideDevelopment_IsRefused()
    {
        OptionsValidationException refused = Assert.Throws<OptionsValidationException>(
            () => FunctionsWorker.Build(Environments.Production, settings: Settings("Arm__Endpoint", "https://127.0.0.1:8443/")));
        Assert.StartsWith("Arm:Endpoint 'https://127.0.0.1:8443/' with Arm:Audience 'https://management.azure.com/' is not an Azure cloud's Resource Manager", Assert.Single(refused.Failures), StringComparison.Ordinal);

        // A sovereign cloud's endpoint with its own audience is a deployment's choice.
        using IHost government = FunctionsWorker.Build(
            Environments.Production,
            settings: Settings("Arm__Endpoint", "https://management.usgovcloudapi.net/").Append(KeyValuePair.Create<string, string?>("Arm__Audience", "https://management.usgovcloudapi.net/")));
        Assert.Equal(Environments.Production, government.Services.GetRequiredService<IHostEnvironment>().EnvironmentName);
    }

    [Fact]
    public async Task WorkerProcess_RefusedSettings_ExitsWithTheConfigurationCodeNamingEachOnStandardError()
    {
        // The worker's own executable, given its settings as the Functions host gives app settings (environment variables).
        string dll = ProductBuild.Dll("PrivateLink.Functions");
        var environment = new Dictionary<string, string>
        {
            ["AZURE_FUNCTIONS_ENVIRONMENT"] = Environments.Production,
            ["DOTNET_ENVIRONMENT"] = Environments.Production,
            ["Callbacks__AllowLoopback"] = "true",
        };

        (int exitCode, string output) = await ProcessRunner.RunAsync("dotnet", [dll], Path.GetDirectoryName(dll)!, TimeSpan.FromMinutes(2), environment);

        Assert.True(exitCode == HostExit.ConfigurationExitCode, $"The worker exited with {exitCode}:\n{output}");
        Assert.Contains("The Functions worker did not start: 1 configuration setting needs fixing.", output, StringComparison.Ordinal);
        Assert.Contains("  - Callbacks:AllowLoopback is a development-only setting", output, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);

        // Without it, every missing ARM setting at once, each named as configuration spells it.
        environment.Remove("Callbacks__AllowLoopback");
        (exitCode, output) = await ProcessRunner.RunAsync("dotnet", [dll], Path.GetDirectoryName(dll)!, TimeSpan.FromMinutes(2), environment);

        Assert.True(exitCode == HostExit.ConfigurationExitCode, $"The worker exited with {exitCode}:\n{output}");
        Assert.Contains("  - Arm:SubscriptionId: The SubscriptionId field is required.", output, StringComparison.Ordinal);
        Assert.Contains("  - Arm:SubnetId: The SubnetId field is required.", output, StringComparison.Ordinal);
    }

    private static IEnumerable<KeyValuePair<string, string?>> Settings(string appSetting, string value) =>
        FunctionsWorker.RequiredSettings.Append(KeyValuePair.Create<string, string?>(appSetting, value));
}
