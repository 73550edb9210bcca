using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api.Telemetry;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Functions;

/// <summary>OpenTelemetry traces, metrics and logs of the Functions worker, exported to Azure Monitor when Application Insights is configured (and to OTLP when an endpoint is).</summary>
public static class FunctionsTelemetry
{
    /// <summary>The app setting that holds the Application Insights connection string.</summary>
    public const string ConnectionStringSetting = OnboardingOpenTelemetry.ConnectionStringSetting;

    /// <summary>The app setting that, when it says <c>Authorization=AAD</c>, makes the exporter authenticate with the app's identity.</summary>
    public const string AuthenticationStringSetting = OnboardingOpenTelemetry.AuthenticationStringSetting;

    /// <summary>The service name the worker's signals carry.</summary>
    public const string ServiceName = "privatelink-onboarding-functions";

    /// <summary>Gets the activity sources traced (the product's one list, shared with the runner).</summary>
    public static IReadOnlyList<string> TraceSources => OnboardingTelemetry.TraceSources;

    /// <summary>Registers the product's telemetry (<see cref="OnboardingOpenTelemetry.AddOnboardingTelemetry"/>) with the Functions worker's defaults.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app settings.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The exporter is added only when <see cref="ConnectionStringSetting"/> is set, so a local run without Application Insights
    /// exports nothing. OpenTelemetry is used rather than the classic Application Insights SDK so the custom
    /// <see cref="OnboardingMetrics"/> meter is exported and the runner uses the same sources.
    /// </remarks>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOnboardingTelemetry(configuration, ServiceName).UseFunctionsWorkerDefaults();
        return services;
    }
}
