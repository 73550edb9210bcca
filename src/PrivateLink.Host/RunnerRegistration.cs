using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PrivateLink.Api;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Telemetry;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Engine;
using PrivateLink.Host.Security;

namespace PrivateLink.Host;

/// <summary>The runner's one registration entry.</summary>
public static class RunnerRegistration
{
    /// <summary>Registers everything the runner runs: the shared services of both hosts, the in-process ARM emulator when enabled, the Durable Task engine, the onboarding service over its client, the Service Bus intake, the approval watcher, the orphan reconciler and history retention, OpenAPI, authentication and rate limiting.</summary>
    /// <param name="services">The runner's service collection.</param>
    /// <param name="configuration">The runner's configuration.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Independent of call order: a service a test registered before this call stays (the defaults are added with <c>TryAdd</c>), and one
    /// registered after replaces the default. The single-instance registrations (hosted services, sinks) are added once even when this is
    /// called twice.
    /// </remarks>
    public static IServiceCollection AddPrivateLinkRunner(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        AddArmEmulatorWhenEnabled(services);
        services.AddPrivateLinkOnboarding();
        services.AddDurableEngine();
        services.AddOnboardingServiceOverRegisteredClient();
        services.AddServiceBusIntake();
        services.AddHostedService<ApprovalWatcherService>();
        services.AddHostedService<OrphanReconcilerService>();
        services.AddHostedService<RetentionService>();
        services.AddOpenApi(options => options.AddDocumentTransformer<BearerSecuritySchemeTransformer>());
        services.AddRunnerAuthentication();
        services.AddRunnerRateLimiting(configuration);
        services.AddOnboardingTelemetry(configuration, RunnerApp.RunnerServiceName);
        return services;
    }

    private static void AddArmEmulatorWhenEnabled(IServiceCollection services)
    {
        // Decided when the container is built, so test hosts and WebApplicationFactory can override the setting.
        services.AddOptions<EmulatorHostingOptions>().BindConfiguration(EmulatorHostingOptions.SectionName);
        services.AddOptions<ArmEmulatorOptions>().BindConfiguration(ArmEmulatorOptions.SectionName).ValidateDataAnnotations();
        services.AddSingleton(sp => EmulatorHost.Start(
            sp.GetRequiredService<IOptions<EmulatorHostingOptions>>().Value, sp.GetRequiredService<IOptions<ArmEmulatorOptions>>().Value));
        services.AddOptions<ArmOptions>().PostConfigure<IServiceProvider>((arm, sp) =>
        {
            if (sp.GetRequiredService<IOptions<EmulatorHostingOptions>>().Value.Enabled)
            {
                EmulatorHost.Configure(arm, sp.GetRequiredService<ArmEmulatorServer>());
            }
        });
        // Arm:UseEmulatorCredential is for development and tests only: the emulator accepts any bearer token.
        services.TryAddSingleton<TokenCredential>(sp =>
            sp.GetRequiredService<IOptions<EmulatorHostingOptions>>().Value.Enabled
                || sp.GetRequiredService<IConfiguration>().GetValue("Arm:UseEmulatorCredential", defaultValue: false)
                ? new EmulatorTokenCredential()
                : new DefaultAzureCredential());
    }

    /// <summary>Marks a collection the runner's services were added to.</summary>
    private sealed class Registered;
}
