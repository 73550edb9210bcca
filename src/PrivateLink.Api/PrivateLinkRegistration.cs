using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PrivateLink.Api.Inbound.ServiceBus;
using PrivateLink.Api.Inbound.Webhooks;
using PrivateLink.Api.Jobs;
using PrivateLink.Api.Outbound.Tickets;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding;
using PrivateLink.Onboarding.Service;

namespace PrivateLink.Api;

/// <summary>The services both hosts share, registered by one call.</summary>
/// <remarks>
/// Each host has one registration entry (the runner's <c>AddPrivateLinkRunner</c>, the Functions app's <c>AddFunctionsAppServices</c>)
/// that calls this once. Order does not matter: the product's defaults are added with <c>TryAdd</c>, so a service a host or a test
/// registered before stays, and a host's own choice replaces the default (<c>Replace</c>) whether it comes before or after. A second
/// call adds nothing.
/// </remarks>
public static class PrivateLinkRegistration
{
    /// <summary>Registers the workflow's services and sinks, the ARM adapter, the probes, the API's options, the ticket webhooks, the ticket comments, the destination-events topic and retention's options and record store.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddPrivateLinkOnboarding(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(Registered)))
        {
            return services;
        }

        services.AddSingleton<Registered>();
        services.AddOnboardingServices();
        services.AddArmPrivateEndpointClient();
        services.AddConnectivityProbes();
        services.AddOnboardingApi();
        services.AddTicketWebhooks();
        services.AddTicketComments();
        services.AddServiceBusEvents();
        services.AddRetention();
        return services;
    }

    /// <summary>Registers <see cref="OnboardingService"/> and its read model over the <c>DurableTaskClient</c> registered in DI (the runner), unless already registered.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    internal static IServiceCollection TryAddOnboardingServiceOverRegisteredClient(this IServiceCollection services)
    {
        // The task hub's queries, with the records of destinations whose finished history retention purged behind them. Without a
        // record store (a host that registers no retention) nothing is ever purged, so the task hub alone answers.
        services.TryAddTransient<IOnboardingQueries>(sp =>
        {
            TaskHubOnboardingQueries taskHub = ActivatorUtilities.CreateInstance<TaskHubOnboardingQueries>(sp);
            return sp.GetService<IDestinationRecordStore>() is { } records
                ? new RetainedOnboardingQueries(taskHub, records, sp.GetRequiredService<DurableTaskClient>())
                : taskHub;
        });
        services.TryAddTransient<OnboardingService>();
        return services;
    }

    /// <summary>Marks a collection the shared services were added to.</summary>
    private sealed class Registered;
}
