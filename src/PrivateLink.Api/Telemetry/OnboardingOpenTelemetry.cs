using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Api.Telemetry;

/// <summary>OpenTelemetry traces, metrics and logs of either host: the product's sources and meters, and the exporters the settings ask for.</summary>
public static class OnboardingOpenTelemetry
{
    /// <summary>The setting that holds the Application Insights connection string; when set, every signal goes to Azure Monitor.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The setting that, when it says <c>Authorization=AAD</c>, makes the Azure Monitor exporter authenticate with the app's identity.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>The standard OTLP endpoint setting; when set, every signal goes to that collector (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>_HEADERS</c> apply as usual).</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Registers tracing (the product's source, Azure SDK, Durable Task, ASP.NET Core, HttpClient), metrics (the product's meters, ASP.NET Core, HttpClient) and logs, with the configured exporters.</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The settings.</param>
    /// <param name="serviceName">The service name on every signal.</param>
    /// <returns>The OpenTelemetry builder, for the host's own additions.</returns>
    /// <remarks>Without <see cref="OtlpEndpointSetting"/> or <see cref="ConnectionStringSetting"/> nothing leaves the process; both may be set.</remarks>
    public static OpenTelemetryBuilder AddOnboardingTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Azure SDK clients publish ActivitySource spans only when this switch is on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        OpenTelemetryBuilder otel = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing => tracing
                .AddSource([.. OnboardingTelemetry.TraceSources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter([.. OnboardingTelemetry.Meters])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithLogging();

        if (!string.IsNullOrWhiteSpace(configuration[OtlpEndpointSetting]))
        {
            otel.UseOtlpExporter();
        }

        if (!string.IsNullOrWhiteSpace(configuration[ConnectionStringSetting]))
        {
            bool entraAuth = configuration[AuthenticationStringSetting]?.Contains("Authorization=AAD", StringComparison.OrdinalIgnoreCase) == true;
            otel.UseAzureMonitorExporter(o =>
            {
                o.ConnectionString = configuration[ConnectionStringSetting];

                // The Application Insights resource disables local auth (infra/main.bicep); AZURE_CLIENT_ID picks the user-assigned identity.
                if (entraAuth)
                {
                    o.Credential = new DefaultAzureCredential();
                }
            });
        }

        return otel;
    }
}
