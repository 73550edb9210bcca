using Azure.Core;
using PrivateLink.Api;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Host.Engine;
using PrivateLink.Onboarding;

namespace PrivateLink.Host;

/// <summary>Builds the self-hosted runner: the onboarding API and the Durable Task engine running the workflow, in one ASP.NET Core process.</summary>
public static class RunnerApp
{
    /// <summary>The resource group the runner creates endpoints in when it runs against the emulator.</summary>
    public const string EmulatorResourceGroup = "rg-privatelink-onboarding";

    /// <summary>Builds the runner.</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Optional changes to the builder before it is built (tests, demo).</param>
    /// <param name="cancellationToken">Cancels start-up.</param>
    /// <returns>The application, not yet started.</returns>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        EmulatorHostingOptions emulatorOptions = builder.Configuration.GetSection(EmulatorHostingOptions.SectionName).Get<EmulatorHostingOptions>() ?? new();
        if (emulatorOptions.Enabled)
        {
            await UseArmEmulatorAsync(builder, emulatorOptions, cancellationToken);
        }

        builder.Services.AddOnboardingServices();
        builder.Services.AddArmPrivateEndpointClient();
        builder.Services.AddConnectivityProbes();
        builder.Services.AddDurableEngine();
        builder.Services.AddOnboardingApi();
        builder.Services.AddOpenApi();

        WebApplication app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapOnboardingApi();
        app.MapOpenApi();
        return app;
    }

    private static async Task UseArmEmulatorAsync(WebApplicationBuilder builder, EmulatorHostingOptions options, CancellationToken cancellationToken)
    {
        ArmEmulatorServer emulator = await ArmEmulatorServer.StartAsync(
            new ArmEmulatorOptions { PrivateIpAddress = options.PrivateIpAddress }, cancellationToken);
        foreach (string target in options.Targets)
        {
            emulator.SeedTarget(target);
        }

        string sub = emulator.SubscriptionId;
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Arm:Endpoint"] = emulator.BaseAddress.ToString(),
            ["Arm:TrustedServerCertificateThumbprint"] = emulator.CertificateThumbprint,
            ["Arm:SubscriptionId"] = sub,
            ["Arm:ResourceGroup"] = EmulatorResourceGroup,
            ["Arm:Location"] = "eastus",
            ["Arm:SubnetId"] = $"/subscriptions/{sub}/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-integration/subnets/snet-private-endpoints",
        });
        builder.Services.AddSingleton(emulator);
        builder.Services.AddSingleton<TokenCredential, EmulatorTokenCredential>();
    }
}
