using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Api.Inbound.Http;
using PrivateLink.Api.Inbound.Watcher;
using PrivateLink.Api.Jobs;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api;

/// <summary>Registers the API's services; both hosts call this.</summary>
public static class ApiRegistration
{
    /// <summary>Registers the options of the approval watcher and the orphan reconciler, problem details and the JSON conventions of responses.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Nothing registered here needs a <c>DurableTaskClient</c>: the Functions app has none in DI (the isolated Durable extension
    /// binds one per invocation). A host that registers a client adds the services over it with <see cref="AddOnboardingServiceOverRegisteredClient"/>.
    /// </remarks>
    public static IServiceCollection AddOnboardingApi(this IServiceCollection services)
    {
        services.AddOptions<ApprovalWatcherOptions>()
            .BindConfiguration(ApprovalWatcherOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<HealthWatchOptions>()
            .BindConfiguration(HealthWatchOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton<OrphanSightings>();
        services.TryAddSingleton<HealthWatchMemory>();
        services.AddOptions<OrphanReconcilerOptions>()
            .BindConfiguration(OrphanReconcilerOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddProblemDetails();
        services.AddExceptionHandler<DependencyUnavailableHandler>();
        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        });
        return services;
    }

    /// <summary>Registers <see cref="OnboardingService"/>, <see cref="ApprovalWatcher"/>, <see cref="OrphanReconciler"/> and <see cref="HistoryRetention"/> over the <c>DurableTaskClient</c> registered in DI.</summary>
    /// <param name="services">The service collection of a host that registers a <c>DurableTaskClient</c> (the runner).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// Without a client in DI (the Functions app) these would fail the container's validation on build. There, a function builds
    /// them over its bound <c>[DurableClient]</c> client: <c>new OnboardingService(client)</c>, and
    /// <c>ActivatorUtilities.CreateInstance&lt;T&gt;(services, new OnboardingService(client))</c> for a handler that takes one.
    /// </remarks>
    public static IServiceCollection AddOnboardingServiceOverRegisteredClient(this IServiceCollection services)
    {
        services.TryAddOnboardingServiceOverRegisteredClient();
        // The watcher lists the task hub only: a purged destination (a record) holds no endpoint, so there is nothing to watch there.
        services.TryAddTransient(sp => ActivatorUtilities.CreateInstance<ApprovalWatcher>(
            sp, new OnboardingService(sp.GetRequiredService<DurableTaskClient>(), ActivatorUtilities.CreateInstance<TaskHubOnboardingQueries>(sp))));
        services.TryAddTransient<OrphanReconciler>();
        services.TryAddTransient<HistoryRetention>();
        return services;
    }
}
