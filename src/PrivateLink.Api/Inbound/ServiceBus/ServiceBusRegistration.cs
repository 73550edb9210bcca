using Azure.Identity;
using Azure.Messaging.ServiceBus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PrivateLink.Api.Outbound.ServiceBus;
using PrivateLink.Onboarding.Notifications;

namespace PrivateLink.Api.Inbound.ServiceBus;

/// <summary>Registers the Service Bus intake and the destination-events publisher; both hosts call these.</summary>
public static class ServiceBusRegistration
{
    /// <summary>Registers the request-queue intake: the handler and a hosted <see cref="ServiceBusProcessor"/> that listens only when configured.</summary>
    /// <param name="services">The service collection (with <c>AddOnboardingServiceOverRegisteredClient</c>, which provides the onboarding service).</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddServiceBusIntake(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCommon(services);
        services.TryAddTransient<ServiceBusIntakeHandler>();
        services.AddHostedService<ServiceBusIntakeHostedService>();
        return services;
    }

    /// <summary>Registers <see cref="RequestQueueDrain"/>: the request-queue intake for a host without a Service Bus trigger, driven by its timer.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddServiceBusRequestDrain(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCommon(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RequestQueueDrain>();
        return services;
    }

    /// <summary>Registers the <c>destination-events</c> topic as an <see cref="IDestinationEventSink"/>; it publishes only when configured.</summary>
    /// <param name="services">The service collection.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddServiceBusEvents(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        AddCommon(services);
        services.TryAddSingleton(sp =>
        {
            ServiceBusOptions settings = sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value;
            return new ServiceBusEventSink(
                sp.GetRequiredService<ServiceBusClient>().CreateSender(settings.EventsTopic),
                sp.GetRequiredService<IOptions<ServiceBusOptions>>(),
                sp.GetRequiredService<ILogger<ServiceBusEventSink>>());
        });
        services.AddSingleton<IDestinationEventSink>(sp =>
            sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value.EventsEnabled
                ? sp.GetRequiredService<ServiceBusEventSink>()
                : DisabledEventSink.Instance);
        return services;
    }

    private static void AddCommon(IServiceCollection services)
    {
        services.AddOptions<ServiceBusOptions>().BindConfiguration(ServiceBusOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => CreateClient(sp.GetRequiredService<IOptions<ServiceBusOptions>>().Value));
    }

    private static ServiceBusClient CreateClient(ServiceBusOptions options)
    {
        if (!string.IsNullOrEmpty(options.ConnectionString))
        {
            return new ServiceBusClient(options.ConnectionString);
        }

        if (!string.IsNullOrEmpty(options.FullyQualifiedNamespace))
        {
            return new ServiceBusClient(options.FullyQualifiedNamespace, new DefaultAzureCredential());
        }

        throw new InvalidOperationException("Service Bus is not configured: set ServiceBus:FullyQualifiedNamespace (or ServiceBus:ConnectionString for development).");
    }
}
