using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PrivateLink.Onboarding.Telemetry;

namespace PrivateLink.Functions;

/// <summary>OpenTelemetry traces and metrics of the Functions worker, exported to Azure Monitor when Application Insights is configured.</summary>
public static class FunctionsTelemetry
{
    /// <summary>The app setting that holds the Application Insights connection string.</summary>
    public const string ConnectionStringSetting = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>The app setting that, when it says <c>Authorization=AAD</c>, makes the exporter authenticate with the app's identity.</summary>
    public const string AuthenticationStringSetting = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Gets the activity sources traced: ARM and other Azure SDK calls, and the Durable Task client and worker.</summary>
    public static IReadOnlyList<string> TraceSources { get; } = ["Azure.*", "Microsoft.DurableTask*"];

    /// <summary>Registers tracing (Azure SDK, Durable Task, ASP.NET Core, HttpClient) and metrics (the onboarding meter, HttpClient).</summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The app settings.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The exporter is added only when <see cref="ConnectionStringSetting"/> is set, so a local run without Application Insights
    /// exports nothing. OpenTelemetry is used rather than the classic Application Insights SDK so the custom
    /// <see cref="OnboardingMetrics"/> meter is exported and the runner can use the same sources.
    /// </remarks>
    public static IServiceCollection AddFunctionsTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        // Azure SDK clients publish ActivitySource spans only when this switch is on.
        AppContext.SetSwitch("Azure.Experimental.EnableActivitySource", true);

        OpenTelemetryBuilder otel = services.AddOpenTelemetry();
        otel.UseFunctionsWorkerDefaults();
        otel.WithTracing(tracing => tracing
                .AddSource([.. TraceSources])
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation())
            .WithMetrics(metrics => metrics
                .AddMeter(OnboardingMetrics.MeterName)
                .AddHttpClientInstrumentation());

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

        return services;
    }
}
