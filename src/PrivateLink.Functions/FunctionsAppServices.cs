using Azure.Core.Serialization;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PrivateLink.Api;
using PrivateLink.Api.ServiceBus;
using PrivateLink.Api.Tickets;
using PrivateLink.Api.Webhooks;
using PrivateLink.Arm;
using PrivateLink.Connectivity;
using PrivateLink.Onboarding;

namespace PrivateLink.Functions;

/// <summary>Registers what the Functions app needs: the same services as the self-hosted runner, plus the worker's serializer and telemetry.</summary>
public static class FunctionsAppServices
{
    /// <summary>Registers the workflow's services, the ARM adapter, the probes, the API, the ticket webhooks, the Service Bus drain and events, and telemetry.</summary>
    /// <param name="services">The worker's service collection.</param>
    /// <param name="configuration">The worker's configuration (app settings).</param>
    /// <returns>The service collection.</returns>
    /// <remarks>
    /// The isolated Durable extension ignores a <c>DataConverter</c> registered in DI: it wraps <see cref="WorkerOptions.Serializer"/>
    /// (its <c>ObjectConverterShim</c>, set on both the client's and the worker's options) so activity bindings and orchestration
    /// payloads serialize alike. Setting the worker's serializer to the options behind <see cref="OnboardingDataConverter.Instance"/>
    /// therefore gives the Functions app the runner's JSON: camelCase, enums as strings, readable custom status in the portal.
    /// <para>
    /// The Service Bus intake is <see cref="ServiceBusRegistration.AddServiceBusRequestDrain"/>, driven by a timer function with the bound
    /// Durable client, not the runner's hosted processor (<see cref="ServiceBusRegistration.AddServiceBusIntake"/>): that one resolves
    /// <see cref="OnboardingService"/> from DI, and the isolated Durable extension provides a client only as a <c>[DurableClient]</c> binding.
    /// </para>
    /// </remarks>
    public static IServiceCollection AddFunctionsAppServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(OnboardingJson.Options));
        services.AddOnboardingServices();
        services.AddArmPrivateEndpointClient();
        services.AddConnectivityProbes();
        services.AddOnboardingApi();

        // Before AddTicketWebhooks, whose TryAdd then keeps this store.
        services.AddHostStorageReplayStore(configuration);
        services.AddTicketWebhooks();
        services.AddServiceBusRequestDrain();
        services.AddServiceBusEvents();
        services.AddTicketComments();
        services.AddFunctionsTelemetry(configuration);
        return services;
    }
}
