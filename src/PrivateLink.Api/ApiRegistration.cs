using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Api.Watcher;

namespace PrivateLink.Api;

/// <summary>Registers the API's services; both hosts call this.</summary>
public static class ApiRegistration
{
    /// <summary>Registers the onboarding service, the approval watcher, the orphan reconciler, problem details and the JSON conventions of responses.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddOnboardingApi(this IServiceCollection services)
    {
        services.AddTransient<OnboardingService>();
        services.AddTransient<ApprovalWatcher>();
        services.AddOptions<ApprovalWatcherOptions>()
            .BindConfiguration(ApprovalWatcherOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddTransient<OrphanReconciler>();
        services.TryAddSingleton<OrphanSightings>();
        services.AddOptions<OrphanReconcilerOptions>()
            .BindConfiguration(OrphanReconcilerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return services;
    }
}
