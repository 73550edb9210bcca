using PrivateLink.Api;
using PrivateLink.Api.Inbound.Http;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Api.Security;
using PrivateLink.Api.Telemetry;
using PrivateLink.Arm;
using PrivateLink.ArmEmulator;
using PrivateLink.Connectivity;
using PrivateLink.Engine;
using PrivateLink.Host.OperatorConsole;
using PrivateLink.Host.Security;

namespace PrivateLink.Host;

/// <summary>Builds the self-hosted runner: the onboarding API and the Durable Task engine running the workflow, in one ASP.NET Core process.</summary>
public static class RunnerApp
{
    /// <summary>The service name on the runner's traces, metrics and logs.</summary>
    public const string RunnerServiceName = "privatelink-onboarding-runner";

    /// <summary>Builds the runner.</summary>
    /// <param name="args">Command-line arguments (configuration overrides).</param>
    /// <param name="configure">Optional changes to the builder before it is built (tests, demo).</param>
    /// <param name="cancellationToken">Unused; kept so start-up work can become asynchronous without changing callers.</param>
    /// <returns>The application, not yet started.</returns>
    public static Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);

        builder.Services.AddPrivateLinkRunner(builder.Configuration);

        WebApplication app = builder.Build();

        // Start-up fails here, naming every setting at fault, when a development-only switch is on in any other environment, or
        // when no durable backend is set there.
        DevelopmentOnlySettings.ThrowIfAny([
            .. DevelopmentOnlySettings.RefusalsOf(app.Configuration, app.Environment),
            .. DurableBackendRefusal(app.Configuration, app.Environment)]);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        // Every route requires a caller with a role (OnboardingEndpoints) or at least an authenticated caller (the fallback policy);
        // anonymous: /healthz, the three signed webhooks and the console's static files (they hold no data; the page signs in).
        app.MapOnboardingApi();
        app.MapTicketWebhooks();
        app.MapOperatorConsole().AllowAnonymous();
        app.MapOpenApi().RequireAuthorization();
        return Task.FromResult(app);
    }

    /// <summary>Outside Development, refuses the in-memory engine: no durable backend configured is a developer machine's choice, never a server's.</summary>
    private static IEnumerable<string> DurableBackendRefusal(IConfiguration configuration, IHostEnvironment environment)
    {
        const string section = DurableEngineOptions.SectionName;
        DurableEngineOptions engine = configuration.GetSection(section).Get<DurableEngineOptions>() ?? new();
        if (!environment.IsDevelopment() && !engine.IsDurable)
        {
            yield return $"{section}:{nameof(DurableEngineOptions.StorageConnectionString)} or {section}:{nameof(DurableEngineOptions.StorageAccountName)} is required in environment '{environment.EnvironmentName}': without either the runner would run on the in-memory engine, which loses every onboarding when the process stops (development only). Set one, or run with ASPNETCORE_ENVIRONMENT=Development on a developer machine.";
        }
    }
}
